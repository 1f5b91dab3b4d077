import type { GenresByHourBucketResponse, LiveResponse } from '@music/metrics-contract';
import { genreStacks } from './genre-model';
import { liveView } from './live-model';
import { topItems } from './ranking-model';
import { seriesSummary } from './series-model';

describe('seriesSummary', () => {
  it('sums the days and finds the busiest one', () => {
    expect(
      seriesSummary([
        { day: '2026-12-01', plays: 10, streams: 7, listeners: 3 },
        { day: '2026-12-02', plays: 12, streams: 9, listeners: 4 },
        { day: '2026-12-03', plays: 0, streams: 0, listeners: 0 },
      ]),
    ).toEqual({ streams: 16, plays: 22, peak: { day: '2026-12-02', streams: 9 } });
    expect(seriesSummary([{ day: '2026-12-01', plays: 0, streams: 0, listeners: 0 }]).peak).toBeNull();
  });
});

describe('genreStacks', () => {
  const row = (hour_bucket: GenresByHourBucketResponse['rows'][number]['hour_bucket'], rank: number, genre: string, streams: number) => ({
    hour_bucket,
    rank,
    genre,
    streams,
    minutes_listened: streams * 3,
    listener_days: 1,
    share_of_streams: 0.5,
  });

  it('stacks every shown genre in every bucket, most streamed genre first', () => {
    const stacks = genreStacks([row('night', 1, 'jazz', 5), row('morning', 1, 'pop', 30), row('morning', 2, 'jazz', 10), row('evening', 1, 'rock', 12)]);
    expect(stacks.genres).toEqual(['pop', 'jazz', 'rock']);
    expect(stacks.buckets).toEqual([
      { bucket: 'night', streams: { pop: 0, jazz: 5, rock: 0 } },
      { bucket: 'morning', streams: { pop: 30, jazz: 10, rock: 0 } },
      { bucket: 'afternoon', streams: { pop: 0, jazz: 0, rock: 0 } },
      { bucket: 'evening', streams: { pop: 0, jazz: 0, rock: 12 } },
    ]);
    expect(stacks.leaders).toEqual({ night: 'jazz', morning: 'pop', afternoon: null, evening: 'rock' });
  });
});

describe('topItems', () => {
  const rows = ['FR', 'US', 'BR', 'JP'].map((country, i) => ({ country, streams: 40 - i * 10, share_of_streams: (40 - i * 10) / 100 }));

  it('keeps the first items, and the highlighted one even when it ranks further down', () => {
    expect(topItems(rows, (r) => r.country, (r) => r.country, 2).map((i) => i.key)).toEqual(['FR', 'US']);
    expect(topItems(rows, (r) => r.country, (r) => `<${r.country}>`, 2, 'JP')).toEqual([
      { key: 'FR', label: '<FR>', streams: 40, share: 0.4, highlighted: false },
      { key: 'US', label: '<US>', streams: 30, share: 0.3, highlighted: false },
      { key: 'JP', label: '<JP>', streams: 10, share: 0.1, highlighted: true },
    ]);
  });
});

describe('liveView', () => {
  const body: LiveResponse = {
    table: 'bronze_listening_events',
    table_version: 8,
    last_updated: '2026-12-06T03:32:02.863Z',
    as_of: '2026-12-06T03:32:36.263Z',
    minutes: 2,
    from: '2026-12-06T03:31:00.000Z',
    to: '2026-12-06T03:33:00.000Z',
    newest_event_at: '2026-12-06T03:30:56.145Z',
    totals: { events: 11, plays: 7, skips: 4, likes: 0, shares: 0 },
    series: [
      { minute: '2026-12-06T03:31:00.000Z', events: 4, plays: 3, skips: 1, likes: 0, shares: 0 },
      { minute: '2026-12-06T03:32:00.000Z', events: 7, plays: 4, skips: 3, likes: 0, shares: 0 },
    ],
  };

  it('counts plays of the window and ages the newest event on the API clock', () => {
    expect(liveView(body)).toEqual({
      minutes: 2,
      from: '2026-12-06T03:31:00.000Z',
      to: '2026-12-06T03:33:00.000Z',
      plays: 7,
      events: 11,
      newestAgeSeconds: 100.118,
      perMinute: [
        { minute: '2026-12-06T03:31:00.000Z', plays: 3 },
        { minute: '2026-12-06T03:32:00.000Z', plays: 4 },
      ],
    });
    expect(liveView({ ...body, newest_event_at: null }).newestAgeSeconds).toBeNull();
  });
});
