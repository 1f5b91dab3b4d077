import { createHash } from 'node:crypto';
import { EVENT_TYPES, encodeEvent, validateEvent, type ListeningEvent } from '@music/events';
import { ListeningSimulator } from './listening-simulator';
import { LocalClock } from './local-clock';
import type { SimulationConfigInput } from './simulation-config';
import { COUNTRY_TIME_ZONES, DEFAULT_COUNTRY_WEIGHTS } from './world-countries';
import { zipfTopShare } from './zipf';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A Monday, 00:00 UTC. */
const MONDAY = Date.UTC(2025, 0, 6);

function simulate(input: SimulationConfigInput, max = Infinity): { simulator: ListeningSimulator; events: ListeningEvent[] } {
  const simulator = ListeningSimulator.create(input);
  const events: ListeningEvent[] = [];
  for (let event = simulator.next(); event !== undefined && events.length < max; event = simulator.next()) events.push(event);
  return { simulator, events };
}

const trackStarts = (events: readonly ListeningEvent[]) => events.filter((e) => e.event_type === 'play' || e.event_type === 'skip');
const count = (events: readonly ListeningEvent[], type: ListeningEvent['event_type']) => events.filter((e) => e.event_type === type).length;

function topArtistsShare(simulator: ListeningSimulator, events: readonly ListeningEvent[], top: number): number {
  const ids = new Set(simulator.catalog.artists.slice(0, top).map((a) => a.id));
  const starts = trackStarts(events);
  return starts.filter((e) => ids.has(e.track.artist_id)).length / starts.length;
}

function digest(events: readonly ListeningEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(JSON.stringify(event)).update('\n');
  return hash.digest('hex');
}

describe('ListeningSimulator', () => {
  // One simulated day of 10,000 users with default behaviour, trends off so popularity is pure Zipf.
  let day: { simulator: ListeningSimulator; events: ListeningEvent[] };
  beforeAll(() => {
    day = simulate({ seed: 'statistics', startMs: MONDAY, endMs: MONDAY + DAY_MS, users: 10_000, trending: { burstsPerDay: 0 } });
  });

  it('emits valid events in time order with unique UUIDv7 ids embedding their instant', () => {
    const { events } = day;
    expect(events.length).toBeGreaterThan(150_000);
    const ids = new Set<string>();
    const problems: string[] = [];
    let previous = '';
    for (const [i, event] of events.entries()) {
      if (event.occurred_at < previous) problems.push(`#${i} goes back in time: ${event.occurred_at} after ${previous}`);
      previous = event.occurred_at;
      ids.add(event.event_id);
      if (parseInt(event.event_id.slice(0, 8) + event.event_id.slice(9, 13), 16) !== Date.parse(event.occurred_at)) problems.push(`#${i}: id ${event.event_id} is not from ${event.occurred_at}`);
      if (i % 20 === 0) {
        const result = validateEvent(event, { now: MONDAY + DAY_MS });
        if (!result.ok) problems.push(`#${i} is invalid: ${JSON.stringify(result.issues)}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(ids.size).toBe(events.length);
    expect((events[0] as ListeningEvent).occurred_at >= new Date(MONDAY).toISOString()).toBe(true);
    expect((events.at(-1) as ListeningEvent).occurred_at < new Date(MONDAY + DAY_MS).toISOString()).toBe(true);
  });

  it('gives the top 10 artists the share of listens Zipf predicts for the exponent', () => {
    expect(topArtistsShare(day.simulator, day.events, 10)).toBeCloseTo(zipfTopShare(10, 2_000, 1), 1);
    expect(Math.abs(topArtistsShare(day.simulator, day.events, 10) / zipfTopShare(10, 2_000, 1) - 1)).toBeLessThan(0.04);
    for (const exponent of [0.8, 1.2]) {
      const { simulator, events } = simulate({ seed: 'zipf', startMs: MONDAY, endMs: MONDAY + DAY_MS / 2, users: 5_000, zipfExponent: exponent, trending: { burstsPerDay: 0 } });
      const expected = zipfTopShare(10, 2_000, exponent);
      expect(Math.abs(topArtistsShare(simulator, events, 10) / expected - 1)).toBeLessThan(0.05);
    }
    expect(zipfTopShare(10, 2_000, 0.8)).toBeLessThan(0.2);
    expect(zipfTopShare(10, 2_000, 1.2)).toBeGreaterThan(0.5);
  });

  it('peaks in the local evening and bottoms out at night', () => {
    const clock = new LocalClock();
    const byLocalHour = new Array<number>(24).fill(0);
    for (const event of day.events) {
      if (event.event_type !== 'play') continue;
      const hour = clock.localHour(event.timezone, Date.parse(event.occurred_at));
      byLocalHour[hour] = (byLocalHour[hour] as number) + 1;
    }
    const peak = Math.max(...byLocalHour);
    expect(byLocalHour.indexOf(peak)).toBeGreaterThanOrEqual(19);
    expect(byLocalHour.indexOf(peak)).toBeLessThanOrEqual(22);
    const evening = byLocalHour.slice(19, 23).reduce((a, b) => a + b, 0);
    const morning = byLocalHour.slice(7, 11).reduce((a, b) => a + b, 0);
    expect(evening).toBeGreaterThan(1.6 * morning);
    expect(Math.max(...byLocalHour.slice(2, 6))).toBeLessThan(0.15 * peak);
  });

  it('follows the weekly profile in local time', () => {
    const saturdayHeavy = [1, 1, 1, 1, 1, 3, 1];
    const { events } = simulate({ seed: 'weekly', startMs: MONDAY, endMs: MONDAY + 14 * DAY_MS, users: 400, artists: 200, tracks: 2_000, weekdayProfile: saturdayHeavy, trending: { burstsPerDay: 0 } });
    const clock = new LocalClock();
    const byWeekday = new Array<number>(7).fill(0);
    for (const event of events) {
      const weekday = clock.localWeekday(event.timezone, Date.parse(event.occurred_at));
      byWeekday[weekday] = (byWeekday[weekday] as number) + 1;
    }
    const saturdayShare = (byWeekday[5] as number) / events.length;
    expect(saturdayShare).toBeGreaterThan(0.27);
    expect(saturdayShare).toBeLessThan(0.39);
    for (const weekday of [0, 1, 2, 3]) expect(byWeekday[weekday] as number).toBeLessThan(0.5 * (byWeekday[5] as number));
  });

  it('draws home countries by the configured weights, with a time zone of that country', () => {
    const total = Object.values(DEFAULT_COUNTRY_WEIGHTS).reduce((a, b) => a + b, 0);
    const users = day.simulator.users;
    for (const country of ['FR', 'US', 'GB', 'DE', 'BR', 'BE']) {
      const share = users.filter((u) => u.country === country).length / users.length;
      expect(Math.abs(share - (DEFAULT_COUNTRY_WEIGHTS[country] as number) / total)).toBeLessThan(0.012);
    }
    for (const user of users) expect(COUNTRY_TIME_ZONES[user.country]?.map(([zone]) => zone)).toContain(user.timezone);
    const frShareOfEvents = day.events.filter((e) => e.country === 'FR').length / day.events.length;
    expect(Math.abs(frShareOfEvents - (DEFAULT_COUNTRY_WEIGHTS['FR'] as number) / total)).toBeLessThan(0.05);

    const custom = ListeningSimulator.create({ seed: 'countries', startMs: MONDAY, users: 20_000, tracks: 200, artists: 20, countryWeights: { JP: 3, SN: 1 } });
    const jp = custom.users.filter((u) => u.country === 'JP').length / custom.users.length;
    expect(jp).toBeCloseTo(0.75, 1);
    expect(new Set(custom.users.map((u) => u.country))).toEqual(new Set(['JP', 'SN']));
    expect(new Set(custom.users.map((u) => u.timezone))).toEqual(new Set(['Asia/Tokyo', 'Africa/Dakar']));
  });

  it('skips tracks outside the favourite genres more, at the configured rates, and likes and shares plays at theirs', () => {
    const config = { skipProbability: { tasteMatch: 0.1, tasteMismatch: 0.7 }, likeRate: 0.15, shareRate: 0.04 };
    const { simulator, events } = simulate({ seed: 'rates', startMs: MONDAY, endMs: MONDAY + DAY_MS / 2, users: 6_000, artists: 500, tracks: 5_000, ...config });
    const users = new Map(simulator.users.map((u) => [u.id, u]));
    const genreIndex = new Map(simulator.catalog.genres.map((g, i) => [g, i]));
    const tally = { match: { starts: 0, skips: 0 }, mismatch: { starts: 0, skips: 0 } };
    for (const event of trackStarts(events)) {
      const user = users.get(event.user_id);
      if (!user) throw new Error(`unknown user ${event.user_id}`);
      const side = user.favouriteGenres.includes(genreIndex.get(event.track.genre) as number) ? tally.match : tally.mismatch;
      side.starts++;
      if (event.event_type === 'skip') side.skips++;
    }
    expect(tally.match.starts).toBeGreaterThan(10_000);
    expect(tally.mismatch.starts).toBeGreaterThan(10_000);
    expect(tally.match.skips / tally.match.starts).toBeCloseTo(0.1, 1);
    expect(Math.abs(tally.match.skips / tally.match.starts - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(tally.mismatch.skips / tally.mismatch.starts - 0.7)).toBeLessThan(0.015);
    const plays = count(events, 'play');
    expect(Math.abs(count(events, 'like') / plays - 0.15)).toBeLessThan(0.006);
    expect(Math.abs(count(events, 'share') / plays - 0.04)).toBeLessThan(0.004);

    const defaults = day.events;
    expect(Math.abs(count(defaults, 'like') / count(defaults, 'play') - 0.06)).toBeLessThan(0.004);
    expect(Math.abs(count(defaults, 'share') / count(defaults, 'play') - 0.012)).toBeLessThan(0.002);
  });

  it('gives tracks log-normal durations around 3.5 minutes within the bounds', () => {
    const durations = day.simulator.catalog.tracks.map((t) => t.wire.duration_ms).sort((a, b) => a - b);
    expect((durations[Math.floor(durations.length / 2)] as number) / 210_000).toBeCloseTo(1, 1);
    expect(durations[0]).toBeGreaterThanOrEqual(45_000);
    expect(durations.at(-1)).toBeLessThanOrEqual(900_000);
    const within = durations.filter((d) => d > 150_000 && d < 300_000).length / durations.length;
    expect(within).toBeGreaterThan(0.7);
  });

  it('keeps a session on one user and device, and plays and skips consistent with the track', () => {
    const sessions = new Map<string, string>();
    const problems: string[] = [];
    for (const event of day.events) {
      const context = `${event.user_id} ${event.platform} ${event.device} ${event.app_version}`;
      const seen = sessions.get(event.session_id);
      if (seen === undefined) sessions.set(event.session_id, context);
      else if (seen !== context) problems.push(`session ${event.session_id} moved from ${seen} to ${context}`);
      if (event.event_type === 'skip' && event.ms_played >= event.track.duration_ms) problems.push(`skip after the end: ${JSON.stringify(event)}`);
      if (event.event_type === 'play' && event.completed && event.ms_played !== event.track.duration_ms) problems.push(`short complete play: ${JSON.stringify(event)}`);
      if (event.event_type === 'play' && !event.completed && event.ms_played >= event.track.duration_ms) problems.push(`long partial play: ${JSON.stringify(event)}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(sessions.size).toBeGreaterThan(10_000);
    const meanLength = day.events.length / sessions.size;
    expect(meanLength).toBeGreaterThan(8);
    expect(meanLength).toBeLessThan(16);
  });

  it('makes a trending artist spike while its burst lasts', () => {
    const { simulator, events } = simulate({ seed: 'trends', startMs: MONDAY, endMs: MONDAY + DAY_MS, users: 3_000, artists: 600, tracks: 6_000, trending: { burstsPerDay: 2, pickShare: 0.2 } });
    const bursts = simulator.trending.history.filter((b) => b.endMs < MONDAY + DAY_MS);
    expect(bursts.length).toBeGreaterThan(0);
    const burst = bursts[0];
    if (!burst) throw new Error('no finished burst');
    const artist = simulator.catalog.artists[burst.artistIndex];
    expect(artist?.rank).toBeGreaterThan(10);
    const share = (from: number, to: number) => {
      const starts = trackStarts(events).filter((e) => Date.parse(e.occurred_at) >= from && Date.parse(e.occurred_at) < to);
      return starts.filter((e) => e.track.artist_id === artist?.id).length / starts.length;
    };
    const during = share(burst.startMs + HOUR_MS / 2, burst.endMs);
    const normal = (artist?.popularity ?? 0) / simulator.catalog.artists.reduce((sum, a) => sum + a.popularity, 0);
    expect(during).toBeGreaterThan(0.1);
    expect(during).toBeGreaterThan(20 * normal);
  });

  it('is deterministic: the same seed gives identical events and JSON, another seed different ones', () => {
    const settings = { startMs: MONDAY, users: 2_000, artists: 300, tracks: 3_000 };
    const first = simulate({ seed: 'same', ...settings }, 20_000).events;
    const again = simulate({ seed: 'same', ...settings }, 20_000).events;
    const other = simulate({ seed: 'other', ...settings }, 20_000).events;
    expect(digest(again)).toBe(digest(first));
    expect(digest(other)).not.toBe(digest(first));
    expect(new Set(other.map((e) => e.event_id)).has(first[0]?.event_id ?? '')).toBe(false);
  });

  it('serialises events exactly as encodeEvent does, as a string or into a buffer', () => {
    const simulator = ListeningSimulator.create({ seed: 'json', startMs: MONDAY, users: 2_000, artists: 300, tracks: 3_000 });
    const target = Buffer.alloc(1 << 16);
    let offset = 0;
    const types = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const event = simulator.next();
      if (!event) throw new Error('the simulation ended early');
      types.add(event.event_type);
      const expected = encodeEvent(event).value;
      expect(simulator.lastEventJson()).toBe(expected.toString('utf8'));
      let written = simulator.writeLastEventJson(target, offset);
      if (written < 0) {
        offset = 0;
        written = simulator.writeLastEventJson(target, offset);
      }
      expect(target.subarray(offset, offset + written).equals(expected)).toBe(true);
      offset += written;
    }
    expect(types).toEqual(new Set(['play', 'skip', 'like', 'share']));
    expect(simulator.writeLastEventJson(Buffer.alloc(10), 0)).toBe(-1);
  });

  it('advances without building events, and tells the last one as next() would have returned it', () => {
    const settings = { seed: 'advance', startMs: MONDAY, users: 1_000, artists: 100, tracks: 1_000 };
    const expected = simulate(settings, 3_000).events;
    const simulator = ListeningSimulator.create(settings);
    expect(() => simulator.lastEvent()).toThrow('no event yet');
    expect(() => simulator.writeLastEventJson(Buffer.alloc(1024), 0)).toThrow('no event yet');
    expected.forEach((event, i) => {
      // Mixing the two ways of stepping must not change the sequence.
      if (i % 3 === 0) expect(simulator.next()).toEqual(event);
      else expect(simulator.advance()).toBe(true);
      expect(simulator.lastEvent()).toEqual(event);
      expect(simulator.lastEvent()).toBe(simulator.lastEvent());
      expect(simulator.lastEventId()).toBe(event.event_id);
      expect(simulator.lastUserId).toBe(event.user_id);
      expect(simulator.lastOccurredMs).toBe(Date.parse(event.occurred_at));
      expect(EVENT_TYPES[simulator.lastEventTypeIndex]).toBe(event.event_type);
    });
    const ended = ListeningSimulator.create({ ...settings, endMs: MONDAY + 60_000 });
    while (ended.advance());
    expect(ended.advance()).toBe(false);
    expect(ended.next()).toBeUndefined();
  });

  it('starts in a steady state and can be calibrated to a target event rate (live mode)', () => {
    const evening = Date.UTC(2025, 0, 8, 19);
    for (const users of [2_000, 30_000]) {
      const { simulator, events } = simulate({ seed: 'live', startMs: evening, endMs: evening + 10 * 60_000, users, artists: 300, tracks: 3_000, targetEventsPerSecond: 50 });
      const perMinute = new Array<number>(10).fill(0);
      for (const event of events) {
        const minute = Math.floor((Date.parse(event.occurred_at) - evening) / 60_000);
        perMinute[minute] = (perMinute[minute] as number) + 1;
      }
      for (const n of perMinute) expect(Math.abs(n / 60 / 50 - 1)).toBeLessThan(0.1);
      // Few users for the rate: they must listen on several devices at once, which the simulator says.
      if (users === 2_000) expect(simulator.concurrentSessionsPerUser).toBeGreaterThan(1);
      else expect(simulator.concurrentSessionsPerUser).toBeLessThan(0.5);
    }
  });

  it('reports invalid settings with the field and value at fault', () => {
    expect(() => ListeningSimulator.create({ startMs: MONDAY, users: 0 })).toThrow('users=0: must be at least 1');
    expect(() => ListeningSimulator.create({ startMs: MONDAY, countryWeights: { XX: 1 } })).toThrow(/countryWeights\.XX.*no time zones are known for country "XX"/);
    expect(() => ListeningSimulator.create({ startMs: MONDAY, artists: 10, tracks: 5 })).toThrow('tracks=5: tracks must be at least the number of artists');
    expect(() => ListeningSimulator.create({ startMs: MONDAY, endMs: MONDAY })).toThrow('endMs');
    expect(() => ListeningSimulator.create({ startMs: MONDAY, skipProbability: { tasteMatch: 2 } })).toThrow('skipProbability.tasteMatch=2: must be between 0 and 1');
  });
});
