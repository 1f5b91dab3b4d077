import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  daysOf,
  genresByHourBucketQuery,
  genresByLocalHourQuery,
  kpisQuery,
  playsByCountryQuery,
  type KpisResponse,
  playsByDeviceQuery,
  playsByPlatformQuery,
  timeseriesQuery,
  topArtistsQuery,
  topTracksQuery,
  trendingQuery,
  utcDay,
} from '@music/metrics-contract';
import { newEventId } from '@music/events';
import { makePlayEvent } from '@music/events/testing';
import { TRENDING_DEFAULTS } from '@music/tables';
import { fileUriOf } from '@music/storage';
import { playsByCountry, playsByDevice, playsByPlatform } from './breakdown-queries';
import { genresByHourBucket, genresByLocalHour } from './genre-queries';
import type { GoldQueryContext } from './gold-query-context';
import { GoldReader } from './gold-reader';
import { GoldTableMissingError } from './gold-table-missing-error';
import { kpis } from './kpi-queries';
import { CONSUMER_LAG_NOT_CONFIGURED, pipelineStatus } from './pipeline-status';
import { ResponseCache } from './response-cache';
import { createGoldLake, generateListeningEvents, type GoldLakeFixture } from './test-helpers/gold-lake-fixture';
import { dailySeries, groupTotals, listeningFacts, periodTotals, trendingArtists, type ListeningFact } from './test-helpers/reference-metrics';
import { timeseries } from './timeseries-queries';
import { topArtists, topTracks } from './top-chart-queries';
import { trending } from './trending-queries';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const DAY_MS = 86_400_000;
const TODAY = utcDay(NOW);
const LAST_7 = { from: '2026-11-18', to: '2026-11-24' };
const PREVIOUS_7 = { from: '2026-11-11', to: '2026-11-17' };

/** Floats summed in another order differ in the last bits: compare to 9 decimals. */
const rounded = <T>(value: T): T => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v))) as T;
const ratio = (value: number, previous: number) => (previous === 0 ? null : (value - previous) / previous);

/** End of the minute of the newest event of `day`: where a day in progress is cut. */
function endOfNewestMinute(of: readonly ListeningFact[], day: string): number {
  const newest = Math.max(...of.filter((f) => f.day === day).map((f) => f.at));
  return Math.floor(newest / 60_000) * 60_000 + 60_000;
}

let fixture: GoldLakeFixture;
let reader: GoldReader;
let context: GoldQueryContext;
let facts: ListeningFact[];

beforeAll(async () => {
  fixture = await createGoldLake();
  await fixture.append(generateListeningEvents({ firstDay: '2026-11-04', days: 21, eventsPerDay: 80, seed: 11, beforeHourUtc: 12 }));
  await fixture.quarantine(3, new Date(NOW - 60_000));
  await fixture.quarantine(1, new Date(NOW - 90_000), 'play,usr_0001,trk_0001');
  reader = await GoldReader.open(fixture.lake, { refreshIntervalMs: 0, now: () => NOW });
  context = { reader, cache: new ResponseCache(100), now: NOW, today: TODAY };
  facts = listeningFacts(fixture.events);
});

afterAll(async () => {
  await reader?.close();
  await fixture?.close();
});

describe('kpis', () => {
  it('sums the period and compares it with the period of the same length before', async () => {
    const { body } = await kpis(context, kpisQuery.parse({ range: '7d' }));
    // Today is in progress: the previous period's last day counts up to the same time of day.
    const until = endOfNewestMinute(facts, TODAY);
    const current = periodTotals(facts, LAST_7);
    const previous = periodTotals(facts, PREVIOUS_7, until - 7 * DAY_MS);
    expect(current.streams).toBeGreaterThan(0);
    expect(previous.streams).toBeGreaterThan(0);
    const skipRate = (t: typeof current) => t.skips / (t.plays + t.skips);
    const kpi = (value: number, before: number) => ({ value, previous: before, delta: value - before, change_ratio: ratio(value, before) });
    // Version 0 creates the table, the first batch run writes version 1; local commit times are
    // file modification times (sub-millisecond, hence the tolerance).
    const commitFile = join(fileURLToPath(fixture.lake.uri), 'gold', 'daily_active_listeners', '_delta_log', '00000000000000000001.json');
    expect(Math.abs(Date.parse(body.last_updated) - statSync(commitFile).mtimeMs)).toBeLessThan(1);
    expect(rounded(body)).toEqual(
      rounded({
        table: 'daily_active_listeners',
        table_version: 1,
        last_updated: body.last_updated,
        ...LAST_7,
        days: 7,
        previous_from: PREVIOUS_7.from,
        previous_to: PREVIOUS_7.to,
        data_from: '2026-11-04',
        previous_days_covered: 7,
        in_progress: { until: new Date(until).toISOString(), previous_until: new Date(until - 7 * DAY_MS).toISOString() },
        kpis: {
          streams: kpi(current.streams, previous.streams),
          listeners: kpi(current.listenerDays / 7, previous.listenerDays / 7),
          minutes_listened: kpi(current.minutes, previous.minutes),
          likes: kpi(current.likes, previous.likes),
          shares: kpi(current.shares, previous.shares),
          skip_rate: kpi(skipRate(current), skipRate(previous)),
        },
      }),
    );
  });

  it('answers explicit days, and nulls for rates and ratios without a denominator', async () => {
    const { body } = await kpis(context, kpisQuery.parse({ from: '2026-11-04', to: '2026-11-05' }));
    expect(body.in_progress).toBeNull();
    expect(body.kpis.streams).toEqual({ value: periodTotals(facts, { from: '2026-11-04', to: '2026-11-05' }).streams, previous: 0, delta: expect.any(Number), change_ratio: null });
    expect(body.kpis.skip_rate.previous).toBeNull();
    expect(body.kpis.skip_rate.delta).toBeNull();
  });

  it('says how much of the previous period was recorded at all', async () => {
    // Gold starts on 2026-11-04: a previous period before it is not a period without listening.
    const covered = async (from: string, to: string) => {
      const { body } = await kpis(context, kpisQuery.parse({ from, to }));
      return [body.previous_from, body.previous_to, body.data_from, body.previous_days_covered];
    };
    expect(await covered('2026-11-06', '2026-11-08')).toEqual(['2026-11-03', '2026-11-05', '2026-11-04', 2]);
    expect(await covered('2026-11-05', '2026-11-05')).toEqual(['2026-11-04', '2026-11-04', '2026-11-04', 1]);
    expect(await covered('2026-11-04', '2026-11-05')).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', 0]);
  });

  it('resolves all to the days gold holds', async () => {
    const { body } = await kpis(context, kpisQuery.parse({ range: 'all' }));
    expect([body.from, body.to, body.days]).toEqual(['2026-11-04', TODAY, 21]);
    expect([body.data_from, body.previous_days_covered]).toEqual(['2026-11-04', 0]);
    expect(body.kpis.streams.value).toBe(facts.filter((f) => f.isStream).length);
  });
});

describe('kpis while today is in progress', () => {
  // Whole days before today, and today only up to 06:00: the previous periods must be cut at the
  // same time of day, else today would look like a fall of three quarters.
  const clock = Date.parse('2026-11-24T12:00:00.000Z');
  let partial: GoldLakeFixture;
  let partialReader: GoldReader;
  let partialContext: GoldQueryContext;
  let partialFacts: ListeningFact[];
  let until: number;

  beforeAll(async () => {
    partial = await createGoldLake();
    await partial.append([
      ...generateListeningEvents({ firstDay: '2026-11-10', days: 14, eventsPerDay: 120, seed: 21 }),
      ...generateListeningEvents({ firstDay: '2026-11-24', days: 1, eventsPerDay: 30, seed: 22, beforeHourUtc: 6 }),
    ]);
    partialReader = await GoldReader.open(partial.lake, { refreshIntervalMs: 0, now: () => clock });
    partialContext = { reader: partialReader, cache: new ResponseCache(100), now: clock, today: utcDay(clock) };
    partialFacts = listeningFacts(partial.events);
    until = endOfNewestMinute(partialFacts, '2026-11-24');
  });

  afterAll(async () => {
    await partialReader?.close();
    await partial?.close();
  });

  const expectTotals = (kpi: KpisResponse['kpis'], current: ReturnType<typeof periodTotals>, previous: ReturnType<typeof periodTotals>, days: number) =>
    expect(rounded({ streams: [kpi.streams.value, kpi.streams.previous], listeners: [kpi.listeners.value, kpi.listeners.previous], minutes: [kpi.minutes_listened.value, kpi.minutes_listened.previous], likes: [kpi.likes.value, kpi.likes.previous], shares: [kpi.shares.value, kpi.shares.previous], skipRate: [kpi.skip_rate.value, kpi.skip_rate.previous] })).toEqual(
      rounded({
        streams: [current.streams, previous.streams],
        listeners: [current.listenerDays / days, previous.listenerDays / days],
        minutes: [current.minutes, previous.minutes],
        likes: [current.likes, previous.likes],
        shares: [current.shares, previous.shares],
        skipRate: [current.skips / (current.plays + current.skips), previous.skips / (previous.plays + previous.skips)],
      }),
    );

  it('compares today so far with yesterday up to the same time', async () => {
    expect(until).toBeLessThanOrEqual(Date.parse('2026-11-24T06:00:00.000Z'));
    const { body } = await kpis(partialContext, kpisQuery.parse({ range: 'today' }));
    expect(body.in_progress).toEqual({ until: new Date(until).toISOString(), previous_until: new Date(until - DAY_MS).toISOString() });
    const current = periodTotals(partialFacts, { from: '2026-11-24', to: '2026-11-24' });
    const previous = periodTotals(partialFacts, { from: '2026-11-23', to: '2026-11-23' }, until - DAY_MS);
    const wholeYesterday = periodTotals(partialFacts, { from: '2026-11-23', to: '2026-11-23' });
    expect(previous.streams).toBeLessThan(wholeYesterday.streams / 2);
    expect(previous.streams).toBeGreaterThan(0);
    expectTotals(body.kpis, current, previous, 1);
  });

  it('cuts the last day of the previous 7 days the same way, and counts its other days whole', async () => {
    const { body } = await kpis(partialContext, kpisQuery.parse({ range: '7d' }));
    expect(body.in_progress?.previous_until).toBe(new Date(until - 7 * DAY_MS).toISOString());
    expectTotals(body.kpis, periodTotals(partialFacts, LAST_7), periodTotals(partialFacts, PREVIOUS_7, until - 7 * DAY_MS), 7);
  });

  it('leaves out the previous days that match days of the period still to come', async () => {
    // 23–25 Nov against 20–22 Nov: today (24th) is cut, so the 21st is cut at the same time and the 22nd, matching tomorrow, is left out.
    const { body } = await kpis(partialContext, kpisQuery.parse({ from: '2026-11-23', to: '2026-11-25' }));
    expect(body.in_progress).toEqual({ until: new Date(until).toISOString(), previous_until: new Date(until - 3 * DAY_MS).toISOString() });
    expectTotals(body.kpis, periodTotals(partialFacts, { from: '2026-11-23', to: '2026-11-25' }), periodTotals(partialFacts, { from: '2026-11-20', to: '2026-11-22' }, until - 3 * DAY_MS), 3);
  });

  it('counts both periods whole when the period is over', async () => {
    const { body } = await kpis(partialContext, kpisQuery.parse({ from: '2026-11-22', to: '2026-11-23' }));
    expect(body.in_progress).toBeNull();
    expectTotals(body.kpis, periodTotals(partialFacts, { from: '2026-11-22', to: '2026-11-23' }), periodTotals(partialFacts, { from: '2026-11-20', to: '2026-11-21' }), 2);
  });

  it('counts nothing of either "today" before gold holds a minute of today', async () => {
    const tomorrow = clock + DAY_MS;
    const { body } = await kpis({ ...partialContext, now: tomorrow, today: utcDay(tomorrow) }, kpisQuery.parse({ range: '7d' }));
    expect(body.in_progress).toEqual({ until: '2026-11-25T00:00:00.000Z', previous_until: '2026-11-18T00:00:00.000Z' });
    expectTotals(body.kpis, periodTotals(partialFacts, { from: '2026-11-19', to: '2026-11-25' }), periodTotals(partialFacts, { from: '2026-11-12', to: '2026-11-17' }), 7);
  });
});

describe('top charts', () => {
  it('lists the most streamed artists of the period', async () => {
    const { body } = await topArtists(context, topArtistsQuery.parse({ range: '7d', limit: '4' }));
    const expected = groupTotals(facts, LAST_7, (f) => f.artistId, (f) => f.artistName).slice(0, 4);
    expect(rounded(body.artists)).toEqual(
      rounded(expected.map((g, i) => ({ rank: i + 1, artist_id: g.key, artist_name: g.name, streams: g.streams, plays: g.plays, skips: g.skips, minutes_listened: g.minutes, listener_days: g.listenerDays }))),
    );
    expect(body.table).toBe('top_artists_daily');
  });

  it('lists the most streamed tracks with their artist', async () => {
    const { body } = await topTracks(context, topTracksQuery.parse({ from: '2026-11-10', to: '2026-11-20' }));
    const range = { from: '2026-11-10', to: '2026-11-20' };
    const expected = groupTotals(facts, range, (f) => f.trackId, (f) => `${f.trackTitle}|${f.artistId}|${f.artistName}`).slice(0, 10);
    expect(body.tracks).toHaveLength(10);
    expect(rounded(body.tracks)).toEqual(
      rounded(
        expected.map((g, i) => {
          const [title, artistId, artistName] = g.name.split('|');
          return { rank: i + 1, track_id: g.key, track_title: title, artist_id: artistId, artist_name: artistName, streams: g.streams, plays: g.plays, skips: g.skips, minutes_listened: g.minutes, listener_days: g.listenerDays };
        }),
      ),
    );
  });
});

describe('top charts when names change', () => {
  // One track whose title and artist name change twice; each period shows the names of its last day with a stream.
  const names = [
    { day: '2026-11-04', title: 'First title', artist: 'First name' },
    { day: '2026-11-06', title: 'Second title', artist: 'Second name' },
    { day: '2026-11-08', title: 'Third title', artist: 'Third name' },
  ];
  let renamed: GoldLakeFixture;
  let renamedReader: GoldReader;
  let renamedContext: GoldQueryContext;

  beforeAll(async () => {
    renamed = await createGoldLake();
    await renamed.append(
      names.flatMap(({ day, title, artist }, index) =>
        [0, 1].map((listener) => {
          const at = Date.parse(`${day}T10:00:00.000Z`) + listener * 60_000;
          return makePlayEvent({ event_id: newEventId(at, Uint8Array.from([index, listener, 0, 0, 0, 0, 0, 0, 0, 0])), occurred_at: new Date(at).toISOString(), user_id: `user-${listener}`, track: { track_id: 'trk-renamed', title, artist_id: 'art-renamed', artist_name: artist } });
        }),
      ),
    );
    renamedReader = await GoldReader.open(renamed.lake, { refreshIntervalMs: 0, now: () => NOW });
    renamedContext = { reader: renamedReader, cache: new ResponseCache(100), now: NOW, today: TODAY };
  });

  afterAll(async () => {
    await renamedReader?.close();
    await renamed?.close();
  });

  it.each([
    ['2026-11-04', '2026-11-05', 0],
    ['2026-11-04', '2026-11-07', 1],
    ['2026-11-05', '2026-11-06', 1],
    ['2026-11-04', '2026-11-30', 2],
  ])('from %s to %s: the names of that period\'s last day', async (from, to, latest) => {
    const expected = names[latest] as (typeof names)[number];
    const streams = 2 * names.filter((n) => n.day >= from && n.day <= to).length;
    const tracks = (await topTracks(renamedContext, topTracksQuery.parse({ from, to }))).body.tracks;
    expect(tracks.map((t) => [t.track_id, t.track_title, t.artist_name, t.streams])).toEqual([['trk-renamed', expected.title, expected.artist, streams]]);
    const artists = (await topArtists(renamedContext, topArtistsQuery.parse({ from, to }))).body.artists;
    expect(artists.map((a) => [a.artist_id, a.artist_name, a.streams])).toEqual([['art-renamed', expected.artist, streams]]);
  });

  it('lists nothing for a period without streams', async () => {
    expect((await topTracks(renamedContext, topTracksQuery.parse({ from: '2026-11-07', to: '2026-11-07' }))).body.tracks).toEqual([]);
  });
});

describe('breakdowns', () => {
  const totalStreams = () => periodTotals(facts, LAST_7).streams;
  const asRows = (groups: ReturnType<typeof groupTotals>, name: string) =>
    groups.map((g, i) => ({
      [name]: g.key,
      rank: i + 1,
      plays: g.plays,
      streams: g.streams,
      skips: g.skips,
      minutes_listened: g.minutes,
      listener_days: g.listenerDays,
      share_of_streams: g.streams / totalStreams(),
    }));

  it('sums plays by country, most streams first, with each share of all streams', async () => {
    const { body } = await playsByCountry(context, playsByCountryQuery.parse({ range: '7d' }));
    expect(rounded(body.countries)).toEqual(rounded(asRows(groupTotals(facts, LAST_7, (f) => f.country, undefined, 'plays'), 'country')));
    expect(body.countries.map((c) => c.country).sort()).toEqual(['BR', 'DE', 'FR', 'JP', 'US']);
  });

  it('keeps only the country asked for, with its rank among all', async () => {
    const { body } = await playsByCountry(context, playsByCountryQuery.parse({ range: '7d', country: 'jp' }));
    const all = asRows(groupTotals(facts, LAST_7, (f) => f.country, undefined, 'plays'), 'country');
    expect(rounded(body.countries)).toEqual(rounded(all.filter((row) => row['country'] === 'JP')));
  });

  it('sums plays by platform and by device, honouring limit', async () => {
    const platforms = await playsByPlatform(context, playsByPlatformQuery.parse({ range: '7d', limit: '2' }));
    expect(rounded(platforms.body.platforms)).toEqual(rounded(asRows(groupTotals(facts, LAST_7, (f) => f.platform, undefined, 'plays'), 'platform').slice(0, 2)));
    const devices = await playsByDevice(context, playsByDeviceQuery.parse({ range: '7d' }));
    expect(rounded(devices.body.devices)).toEqual(rounded(asRows(groupTotals(facts, LAST_7, (f) => f.device, undefined, 'plays'), 'device')));
  });
});

describe('genres', () => {
  function expectedGenres(slotOf: (f: ListeningFact) => string | number, slots: readonly (string | number)[], limit: number, genre?: string) {
    return slots.flatMap((slot) => {
      const inSlot = facts.filter((f) => slotOf(f) === slot);
      const total = inSlot.filter((f) => f.isStream && f.day >= LAST_7.from && f.day <= LAST_7.to).length;
      const groups = groupTotals(inSlot, LAST_7, (f) => f.genre);
      return groups
        .map((g, i) => ({ slot, rank: i + 1, genre: g.key, streams: g.streams, minutes_listened: g.minutes, listener_days: g.listenerDays, share_of_streams: total === 0 ? null : g.streams / total }))
        .filter((row) => (genre === undefined ? row.rank <= limit : row.genre === genre));
    });
  }

  it('ranks genres in each part of the local day', async () => {
    const { body } = await genresByHourBucket(context, genresByHourBucketQuery.parse({ range: '7d', limit: '2' }));
    const expected = expectedGenres((f) => f.hourBucket, ['night', 'morning', 'afternoon', 'evening'], 2).map(({ slot, ...row }) => ({ hour_bucket: slot, ...row }));
    expect(rounded(body.rows)).toEqual(rounded(expected));
  });

  it('ranks genres per local hour, or follows one genre through the hours', async () => {
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const top = await genresByLocalHour(context, genresByLocalHourQuery.parse({ range: '7d', limit: '3' }));
    expect(rounded(top.body.rows)).toEqual(rounded(expectedGenres((f) => f.localHour, hours, 3).map(({ slot, ...row }) => ({ local_hour: slot, ...row }))));
    const pop = await genresByLocalHour(context, genresByLocalHourQuery.parse({ range: '7d', genre: 'POP' }));
    expect(pop.body.genre).toBe('pop');
    expect(rounded(pop.body.rows)).toEqual(rounded(expectedGenres((f) => f.localHour, hours, 100, 'pop').map(({ slot, ...row }) => ({ local_hour: slot, ...row }))));
  });
});

describe('timeseries', () => {
  it('gives every day of the period, zero on days without activity', async () => {
    const { body } = await timeseries(context, timeseriesQuery.parse({ range: '28d' }));
    const days = daysOf({ from: '2026-10-28', to: TODAY });
    expect(body.series).toEqual(dailySeries(facts, days));
    expect(body.series[0]).toEqual({ day: '2026-10-28', plays: 0, streams: 0, listeners: 0 });
    expect(body.table).toBe('daily_active_listeners');
    expect(body.day_in_progress).toBe(TODAY);
    expect((await timeseries(context, timeseriesQuery.parse({ from: '2026-11-10', to: '2026-11-12' }))).body.day_in_progress).toBeNull();
  });

  it('reads the country or platform table when filtered', async () => {
    const country = await timeseries(context, timeseriesQuery.parse({ range: '7d', country: 'FR' }));
    expect(country.body.table).toBe('plays_by_country_daily');
    expect(country.body.series).toEqual(dailySeries(facts, daysOf(LAST_7), (f) => f.country === 'FR'));
    const platform = await timeseries(context, timeseriesQuery.parse({ range: '7d', platform: 'web' }));
    expect(platform.body.table).toBe('plays_by_platform_daily');
    expect(platform.body.series).toEqual(dailySeries(facts, daysOf(LAST_7), (f) => f.platform === 'web'));
  });
});

describe('trending', () => {
  it('ranks artists by trend as of the newest day by default', async () => {
    const { body } = await trending(context, trendingQuery.parse({}));
    const expected = trendingArtists(facts, TODAY, TRENDING_DEFAULTS.windowDays, TRENDING_DEFAULTS.minStreams, addDays);
    expect(expected.length).toBeGreaterThan(1);
    expect(body.day).toBe(TODAY);
    expect(body.day_in_progress).toBe(true);
    expect(rounded(body.artists.map((a) => ({ artistId: a.artist_id, streamsCurrent: a.streams_current, streamsPrevious: a.streams_previous, trendScore: a.trend_score })))).toEqual(
      rounded(expected.slice(0, 10)),
    );
    expect(body.artists.map((a) => a.rank)).toEqual(expected.slice(0, 10).map((_, i) => i + 1));
  });

  it('answers an as-of day in the past, and nothing for a day without data', async () => {
    const past = await trending(context, trendingQuery.parse({ day: '2026-11-17', limit: '1' }));
    expect(past.body.day_in_progress).toBe(false);
    expect(past.body.artists.map((a) => a.artist_id)).toEqual(trendingArtists(facts, '2026-11-17', 7, 20, addDays).slice(0, 1).map((a) => a.artistId));
    expect((await trending(context, trendingQuery.parse({ day: '2026-12-01' }))).body.artists).toEqual([]);
  });

  it('says how much of the previous window was recorded (gold starts on 2026-11-04)', async () => {
    const covered = async (day?: string) => {
      const { body } = await trending(context, trendingQuery.parse(day === undefined ? {} : { day }));
      return [body.data_from, body.previous_days_covered];
    };
    expect(await covered()).toEqual(['2026-11-04', 7]);
    expect(await covered('2026-11-17')).toEqual(['2026-11-04', 7]);
    expect(await covered('2026-11-12')).toEqual(['2026-11-04', 2]);
    expect(await covered('2026-11-10')).toEqual(['2026-11-04', 0]);
  });
});

describe('pipeline status', () => {
  it('lists every table with its version and rows, the freshness of each layer and the quarantine', async () => {
    const { body } = await pipelineStatus(context);
    expect(body.tables.map((t) => [t.layer, t.name])).toEqual([
      ['bronze', 'bronze_listening_events'],
      ['bronze', 'bronze_quarantine'],
      ['silver', 'silver_listening_events'],
      ...[
        'top_artists_daily',
        'top_tracks_daily',
        'genres_by_hour_bucket_daily',
        'genres_by_local_hour_daily',
        'plays_by_country_daily',
        'plays_by_platform_daily',
        'plays_by_device_daily',
        'daily_active_listeners',
        'skip_rate_daily',
        'like_share_rates_daily',
        'plays_per_hour',
        'activity_per_minute',
        'trending_artists_daily',
      ].map((name) => ['gold', name]),
    ]);
    const bronze = body.tables[0];
    expect(bronze).toMatchObject({ version: 1, rows: fixture.events.length, location: `${fixture.lake.uri}/bronze/listening_events` });
    expect(body.tables.find((t) => t.name === 'daily_active_listeners')?.rows).toBe(21);
    expect(body.tables.every((t) => t.version !== null && t.last_updated !== null)).toBe(true);
    const newest = Math.max(...fixture.events.map((e) => Date.parse(e.occurred_at)));
    expect(body.freshness.bronze).toEqual({ newest_event: new Date(newest).toISOString(), lag_seconds: (NOW - newest) / 1000 });
    expect(body.freshness.silver).toEqual(body.freshness.bronze);
    // Gold holds events to the minute: up to the end of the newest event's minute.
    const newestMinute = Math.floor(newest / 60_000) * 60_000;
    expect(body.freshness.gold).toEqual({ newest_day: TODAY, newest_event_minute: new Date(newestMinute).toISOString(), lag_seconds: Math.max(0, NOW - newestMinute - 60_000) / 1000 });
    expect(body.quarantine).toEqual({
      rows: 4,
      version: 2,
      reasons: [
        { path: 'country', expected: expect.stringContaining('ISO 3166-1 alpha-2'), rows: 3, latest_summary: expect.stringContaining('"Narnia"'), latest_at: new Date(NOW - 60_000).toISOString() },
        { path: '', expected: expect.stringContaining('JSON'), rows: 1, latest_summary: expect.stringContaining('play,usr_0001'), latest_at: new Date(NOW - 90_000).toISOString() },
      ],
    });
    expect(body.last_updated).toBe(body.tables.filter((t) => t.layer === 'gold').map((t) => t.last_updated).sort().at(-1));
    expect(body.consumer_lag).toBeNull();
    expect(body.consumer_lag_note).toBe(CONSUMER_LAG_NOT_CONFIGURED);
  });

  it('measures the consumer lag at every request, or says why Kafka could not be asked', async () => {
    let high = 10;
    const source = { topic: 'listening-events', group: 'streaming-ingest', offsets: async () => [{ partition: 1, low: 0, high }, { partition: 0, low: 2, high: 5 }] };
    const first = await pipelineStatus({ ...context, topicOffsets: source });
    // The fixture's bronze was written without the ingest: no txn, so every record Kafka holds is behind.
    expect(first.body.consumer_lag).toEqual({
      group: 'streaming-ingest',
      topic: 'listening-events',
      total: 13,
      partitions: [
        { partition: 0, end_offset: 5, bronze_next_offset: null, lag: 3 },
        { partition: 1, end_offset: 10, bronze_next_offset: null, lag: 10 },
      ],
    });
    expect(first.body.consumer_lag_note).toBeNull();
    high = 12;
    const second = await pipelineStatus({ ...context, topicOffsets: source });
    expect(second.cache).toBe('hit');
    expect(JSON.parse(second.encoded.toString()).consumer_lag.total).toBe(15);
    const down = await pipelineStatus({ ...context, topicOffsets: { ...source, offsets: () => Promise.reject(new Error('Connection error: ECONNREFUSED 127.0.0.1:19092')) } });
    expect(down.body.consumer_lag).toBeNull();
    expect(down.body.consumer_lag_note).toBe('Kafka could not be asked for the end offsets of listening-events: Connection error: ECONNREFUSED 127.0.0.1:19092');
    expect(JSON.parse(down.encoded.toString())).toMatchObject({ consumer_lag: null, consumer_lag_note: down.body.consumer_lag_note });
  });
});

describe('a lake without gold yet', () => {
  it('names the missing table and where it was looked for', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gold-queries-empty-'));
    const empty = await GoldReader.open({ uri: fileUriOf(directory), storage: {} }, { refreshIntervalMs: 0 });
    try {
      const error = await kpis({ ...context, reader: empty }, kpisQuery.parse({})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoldTableMissingError);
      expect((error as Error).message).toBe(`gold table daily_active_listeners does not exist yet at ${fileUriOf(directory)}/gold/daily_active_listeners; run the batch job (npm run batch -- run) on this lake first`);
      const status = await pipelineStatus({ ...context, reader: empty });
      expect(status.body.tables.every((t) => t.version === null && t.files === 0)).toBe(true);
      expect(status.body.freshness).toEqual({
        bronze: { newest_event: null, lag_seconds: null },
        silver: { newest_event: null, lag_seconds: null },
        gold: { newest_day: null, newest_event_minute: null, lag_seconds: null },
      });
      expect(status.body.quarantine).toEqual({ rows: 0, version: null, reasons: [] });
    } finally {
      await empty.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the response cache', () => {
  it('answers from the cache until the gold table has a new version, then recomputes', async () => {
    const query = kpisQuery.parse({ range: 'today' });
    const first = await kpis(context, query);
    const again = await kpis(context, query);
    expect([first.cache, again.cache]).toEqual(['miss', 'hit']);
    expect(again.body).toBe(first.body);

    const more = generateListeningEvents({ firstDay: TODAY, days: 1, eventsPerDay: 40, seed: 99, beforeHourUtc: 12 });
    await fixture.append(more);
    const after = await kpis(context, query);
    expect(after.cache).toBe('miss');
    expect(after.body.table_version).toBeGreaterThan(first.body.table_version);
    const today = periodTotals(listeningFacts(fixture.events), { from: TODAY, to: TODAY });
    expect(after.body.kpis.streams.value).toBe(today.streams);
    expect(after.body.kpis.streams.value).toBeGreaterThan(first.body.kpis.streams.value ?? 0);
    expect((await kpis(context, query)).cache).toBe('hit');
  });

  it('asks the table for new commits at most once per refresh interval', async () => {
    let clock = NOW;
    const throttled = await GoldReader.open(fixture.lake, { refreshIntervalMs: 5_000, now: () => clock });
    try {
      const before = await throttled.view('top_artists_daily');
      await fixture.append(generateListeningEvents({ firstDay: TODAY, days: 1, eventsPerDay: 5, seed: 100, beforeHourUtc: 12 }));
      expect((await throttled.view('top_artists_daily')).version).toBe(before.version);
      clock += 5_000;
      expect((await throttled.view('top_artists_daily')).version).toBeGreaterThan(before.version);
    } finally {
      await throttled.close();
    }
  });
});
