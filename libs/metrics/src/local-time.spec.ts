import { newEventId } from '@music/events';
import { makePlayEvent } from '@music/events/testing';
import { toBronzeRow } from '@music/tables';
import { appendBronzeRows, createBronzeTable } from './bronze-table-loader';
import { computeGold } from './gold-transform';
import { computeSilver } from './silver-transform';
import { openTestDuckDB, readRows, type TestDuckDB } from './test-helpers/duckdb-test-session';

// DuckDB work on a shared 2-core machine: generous, still bounded.
jest.setTimeout(30_000);

// Wall clocks known from the zone rules, written out by hand (not computed by any code under test).
const CASES = [
  // Paris, spring forward on Sunday 2025-03-30: 02:00 CET does not exist, the clock jumps to 03:00 CEST.
  { zone: 'Europe/Paris', at: '2025-03-30T00:59:59.999Z', date: '2025-03-30', hour: 1, dow: 7, bucket: 'night' },
  { zone: 'Europe/Paris', at: '2025-03-30T01:00:00.000Z', date: '2025-03-30', hour: 3, dow: 7, bucket: 'night' },
  // Paris, fall back on Sunday 2025-10-26: 02:30 happens twice.
  { zone: 'Europe/Paris', at: '2025-10-26T00:30:00.000Z', date: '2025-10-26', hour: 2, dow: 7, bucket: 'night' },
  { zone: 'Europe/Paris', at: '2025-10-26T01:30:00.000Z', date: '2025-10-26', hour: 2, dow: 7, bucket: 'night' },
  { zone: 'Europe/Paris', at: '2025-10-26T02:00:00.000Z', date: '2025-10-26', hour: 3, dow: 7, bucket: 'night' },
  // Paris in summer (UTC+2), around local midnight and the bucket edges.
  { zone: 'Europe/Paris', at: '2025-06-01T21:59:59.999Z', date: '2025-06-01', hour: 23, dow: 7, bucket: 'evening' },
  { zone: 'Europe/Paris', at: '2025-06-01T22:00:00.000Z', date: '2025-06-02', hour: 0, dow: 1, bucket: 'night' },
  { zone: 'Europe/Paris', at: '2025-06-02T03:59:59.999Z', date: '2025-06-02', hour: 5, dow: 1, bucket: 'night' },
  { zone: 'Europe/Paris', at: '2025-06-02T04:00:00.000Z', date: '2025-06-02', hour: 6, dow: 1, bucket: 'morning' },
  { zone: 'Europe/Paris', at: '2025-06-02T09:59:59.999Z', date: '2025-06-02', hour: 11, dow: 1, bucket: 'morning' },
  { zone: 'Europe/Paris', at: '2025-06-02T10:00:00.000Z', date: '2025-06-02', hour: 12, dow: 1, bucket: 'afternoon' },
  { zone: 'Europe/Paris', at: '2025-06-02T15:59:59.999Z', date: '2025-06-02', hour: 17, dow: 1, bucket: 'afternoon' },
  { zone: 'Europe/Paris', at: '2025-06-02T16:00:00.000Z', date: '2025-06-02', hour: 18, dow: 1, bucket: 'evening' },
  // Kiritimati, UTC+14: local date is a day ahead of the UTC date for 14 hours of each UTC day.
  { zone: 'Pacific/Kiritimati', at: '2025-05-31T10:00:00.000Z', date: '2025-06-01', hour: 0, dow: 7, bucket: 'night' },
  { zone: 'Pacific/Kiritimati', at: '2025-06-01T09:59:59.999Z', date: '2025-06-01', hour: 23, dow: 7, bucket: 'evening' },
  { zone: 'Pacific/Kiritimati', at: '2025-06-01T10:00:00.000Z', date: '2025-06-02', hour: 0, dow: 1, bucket: 'night' },
  // Honolulu, UTC−10: local date a day behind for 10 hours of each UTC day.
  { zone: 'Pacific/Honolulu', at: '2025-06-01T09:59:59.999Z', date: '2025-05-31', hour: 23, dow: 6, bucket: 'evening' },
  { zone: 'Pacific/Honolulu', at: '2025-06-01T10:00:00.000Z', date: '2025-06-01', hour: 0, dow: 7, bucket: 'night' },
  { zone: 'Pacific/Honolulu', at: '2025-06-02T05:30:00.000Z', date: '2025-06-01', hour: 19, dow: 7, bucket: 'evening' },
  // Quarter- and half-hour zones.
  { zone: 'Asia/Kathmandu', at: '2025-06-01T18:14:59.999Z', date: '2025-06-01', hour: 23, dow: 7, bucket: 'evening' },
  { zone: 'Asia/Kathmandu', at: '2025-06-01T18:15:00.000Z', date: '2025-06-02', hour: 0, dow: 1, bucket: 'night' },
  { zone: 'Asia/Kolkata', at: '2025-06-01T00:29:59.999Z', date: '2025-06-01', hour: 5, dow: 7, bucket: 'night' },
  { zone: 'Asia/Kolkata', at: '2025-06-01T00:30:00.000Z', date: '2025-06-01', hour: 6, dow: 7, bucket: 'morning' },
] as const;

let db: TestDuckDB;
beforeAll(async () => {
  db = await openTestDuckDB();
  await createBronzeTable(db.connection, 'bronze');
  const rows = CASES.map((c, i) => {
    const ms = Date.parse(c.at);
    const event = makePlayEvent({ event_id: newEventId(ms, Uint8Array.from([i, 0, 0, 0, 0, 0, 0, 0, 0, 0])), occurred_at: c.at, timezone: c.zone, user_id: `usr_${i}` });
    return toBronzeRow(event, { topic: 't', partition: 0, offset: String(i) }, new Date('2025-11-01T00:00:00.000Z'));
  });
  await appendBronzeRows(db.connection, 'bronze', rows);
  await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
  await computeGold(db.connection, { silver: 'silver', changedDays: 'full', tables: ['genres_by_local_hour_daily', 'genres_by_hour_bucket_daily', 'plays_per_hour'] });
});
afterAll(() => db.close());

describe("listener's local time", () => {
  it.each(CASES.map((c) => [c.zone, c.at, c] as const))('%s at %s lands on the right local date, hour, weekday and bucket', async (zone, at, c) => {
    const rows = await readRows(db.connection, `SELECT event_date, local_date, local_hour, local_day_of_week, hour_bucket FROM silver WHERE timezone = $zone AND occurred_at = CAST($at AS TIMESTAMPTZ)`, { zone, at });
    expect(rows).toEqual([{ event_date: at.slice(0, 10), local_date: c.date, local_hour: c.hour, local_day_of_week: c.dow, hour_bucket: c.bucket }]);
  });

  it('gold partitions by UTC day while slotting by local hour and bucket', async () => {
    const kiritimati = await readRows(db.connection, `SELECT day, local_hour, streams FROM genres_by_local_hour_daily WHERE day = DATE '2025-05-31'`);
    expect(kiritimati).toEqual([{ day: '2025-05-31', local_hour: 0, streams: 1 }]);
    const buckets = await readRows(db.connection, `SELECT hour_bucket, streams FROM genres_by_hour_bucket_daily WHERE day = DATE '2025-06-02' ORDER BY hour_bucket`);
    // 2025-06-02 UTC: Paris 03:59 (night), 04:00 and 09:59 (morning), 10:00 and 15:59 (afternoon), 16:00 (evening), Honolulu 19:30 (evening).
    expect(buckets).toEqual([
      { hour_bucket: 'afternoon', streams: 2 },
      { hour_bucket: 'evening', streams: 2 },
      { hour_bucket: 'morning', streams: 2 },
      { hour_bucket: 'night', streams: 1 },
    ]);
    const hours = await readRows(db.connection, `SELECT hour_utc, hour_start, plays FROM plays_per_hour WHERE day = DATE '2025-03-30'`);
    expect(hours).toEqual([
      { hour_utc: 0, hour_start: '2025-03-30T00:00:00.000Z', plays: 1 },
      { hour_utc: 1, hour_start: '2025-03-30T01:00:00.000Z', plays: 1 },
    ]);
  });
});
