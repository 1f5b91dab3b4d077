import { isReady } from './demo-runner';
import { formatLag, pipelineSnapshot, progressLine, silverRows } from './pipeline-progress';

const snapshot = pipelineSnapshot.parse({
  last_updated: '2026-12-06T10:00:03.000Z',
  tables: [
    { name: 'bronze_listening_events', layer: 'bronze', version: 12, rows: 1500 },
    { name: 'bronze_quarantine', layer: 'bronze', version: 3, rows: 7 },
    { name: 'silver_listening_events', layer: 'silver', version: 4, rows: 1490 },
    { name: 'gold_artist_daily', layer: 'gold', version: 4, rows: 50 },
  ],
  freshness: { bronze: { newest_event: '2026-12-06T10:00:04.000Z', lag_seconds: 1.25 }, silver: { newest_event: null, lag_seconds: null } },
});

describe('pipeline progress', () => {
  it('counts events per layer, not quarantine or gold rows', () => {
    expect(silverRows(snapshot)).toBe(1490);
    expect(progressLine(snapshot)).toBe('bronze 1,500 events (newest 1.3 s ago) · silver 1,490 (– behind) · gold refreshed 10:00:03 UTC');
  });

  it('says a lag in seconds, then minutes, hours or days', () => {
    expect([null, -2, 0.04, 119.94, 120, 7199, 7200, 172_799, 437_649.5].map(formatLag)).toEqual(['–', '0.0 s', '0.0 s', '119.9 s', '2 min', '120 min', '2.0 h', '48.0 h', '5.1 days']);
  });

  it('is ready once silver holds the backfill and gold exists', () => {
    expect(isReady(snapshot, 1490)).toBe(true);
    expect(isReady(snapshot, 1491)).toBe(false);
    expect(isReady({ ...snapshot, last_updated: null }, 0)).toBe(false);
  });
});
