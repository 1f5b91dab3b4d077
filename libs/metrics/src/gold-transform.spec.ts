import { listValue } from '@duckdb/node-api';
import { newEventId } from '@music/events';
import { makePlayEvent } from '@music/events/testing';
import { GOLD_TABLES, toBronzeRow, type BronzeRow, type GoldTableName } from '@music/tables';
import { appendBronzeRows, createBronzeTable } from './bronze-table-loader';
import { computeGold, computeGoldTable } from './gold-transform';
import { DUCKDB_TYPES } from './input-relation';
import { computeSilver, computeSilverIncrement } from './silver-transform';
import { openTestDuckDB, readRows, sortedRows, type TestDuckDB } from './test-helpers/duckdb-test-session';
import { generateListeningDataset } from './test-helpers/listening-dataset';
import { referenceGold, referenceSilver } from './test-helpers/reference-metrics';

// DuckDB work on a shared 2-core machine: generous, still bounded.
jest.setTimeout(30_000);

const trending = { windowDays: 7, minStreams: 40 };
const dataset = generateListeningDataset({ seed: 7, startDay: '2025-03-22', days: 16, events: 4_000, batches: 5 });
const allBronze = dataset.batches.flat();
const expected = referenceGold(referenceSilver(allBronze), trending);
const tables = GOLD_TABLES.map((table) => [table.name, table] as const);

let db: TestDuckDB;

async function loadBronze(name: string, rows: readonly BronzeRow[]): Promise<void> {
  await createBronzeTable(db.connection, name);
  await appendBronzeRows(db.connection, name, rows);
}

const rowsOf = async (relation: string, grain: readonly string[]) => sortedRows(await readRows(db.connection, `SELECT * FROM "${relation}"`), grain);

describe('gold tables over a full rebuild', () => {
  beforeAll(async () => {
    db = await openTestDuckDB();
    await loadBronze('bronze', allBronze);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    await computeGold(db.connection, { silver: 'silver', changedDays: 'full', trending });
  });
  afterAll(() => db.close());

  it.each(tables)('%s equals the plain TypeScript computation over the raw events', async (name, table) => {
    const reference = expected[name];
    expect(reference.length).toBeGreaterThan(0);
    expect(await rowsOf(name, table.grain)).toEqual(sortedRows(reference, table.grain));
  });

  it.each(tables)('%s has the declared columns and types, no null where none is allowed, one row per grain', async (name, table) => {
    const described = await readRows(db.connection, `SELECT column_name, column_type FROM (DESCRIBE "${name}")`);
    expect(described).toEqual(table.columns.map((column) => ({ column_name: column.name, column_type: DUCKDB_TYPES[column.type] })));
    const nullChecks = table.columns.filter((column) => !column.nullable).map((column) => `count(*) FILTER (WHERE "${column.name}" IS NULL)`);
    const grain = table.grain.map((column) => `"${column}"`).join(', ');
    const [row] = await readRows(db.connection, `SELECT ${nullChecks.join(' + ')} AS nulls, count(*) - (SELECT count(*) FROM (SELECT DISTINCT ${grain} FROM "${name}")) AS repeated FROM "${name}"`);
    expect(row).toEqual({ nulls: 0, repeated: 0 });
  });

  it('trending lists only artists above the minimum volume and tells new artists (no previous streams) apart', () => {
    const rows = expected.trending_artists_daily;
    expect(rows.every((row) => (row['streams_current'] as number) >= trending.minStreams)).toBe(true);
    expect(rows.some((row) => row['growth_rate'] === null)).toBe(true);
    expect(rows.some((row) => typeof row['growth_rate'] === 'number')).toBe(true);
    const trendingPairs = new Set(rows.map((row) => `${row['day']}|${row['artist_id']}`));
    const streamedPairs = expected.top_artists_daily.filter((row) => (row['streams'] as number) > 0).map((row) => `${row['day']}|${row['artist_id']}`);
    expect(streamedPairs.filter((pair) => !trendingPairs.has(pair)).length).toBeGreaterThan(0);
  });

  it('activity_per_minute adds up to each day, and its sums up to a minute are the distinct listeners by then', async () => {
    const [whole] = await readRows(
      db.connection,
      `SELECT count(*) AS days_differing FROM (
         SELECT day, sum(events) AS events, sum(streams) AS streams, sum(likes) AS likes, sum(new_active_listeners) AS active, sum(new_streaming_listeners) AS streaming
         FROM activity_per_minute GROUP BY day
       ) AS m FULL JOIN daily_active_listeners AS d USING (day)
       WHERE m.events IS DISTINCT FROM d.events OR m.streams IS DISTINCT FROM d.streams OR m.likes IS DISTINCT FROM d.likes
          OR m.active IS DISTINCT FROM d.active_listeners OR m.streaming IS DISTINCT FROM d.streaming_listeners`,
    );
    expect(whole).toEqual({ days_differing: 0 });
    // Up to noon of a busy day: distinct users seen in silver before 12:00 against the running sum.
    const [noon] = await readRows(
      db.connection,
      `WITH busiest AS (SELECT day FROM daily_active_listeners ORDER BY active_listeners DESC, day LIMIT 1)
       SELECT
         (SELECT CAST(count(*) AS BIGINT) FROM silver WHERE event_date = (SELECT day FROM busiest) AND hour(occurred_at AT TIME ZONE 'UTC') < 12) AS events,
         (SELECT CAST(count(DISTINCT user_id) AS BIGINT) FROM silver WHERE event_date = (SELECT day FROM busiest) AND hour(occurred_at AT TIME ZONE 'UTC') < 12) AS seen,
         (SELECT CAST(count(DISTINCT user_id) FILTER (WHERE is_stream) AS BIGINT) FROM silver WHERE event_date = (SELECT day FROM busiest) AND hour(occurred_at AT TIME ZONE 'UTC') < 12) AS streamed,
         (SELECT CAST(sum(new_active_listeners) AS BIGINT) FROM activity_per_minute WHERE day = (SELECT day FROM busiest) AND minute_of_day < 720) AS active_so_far,
         (SELECT CAST(sum(new_streaming_listeners) AS BIGINT) FROM activity_per_minute WHERE day = (SELECT day FROM busiest) AND minute_of_day < 720) AS streaming_so_far`,
    );
    expect(noon?.['seen']).toBeGreaterThan(0);
    expect(noon?.['events']).toBeGreaterThan(noon?.['seen'] as number); // listeners come back: first minutes matter
    expect(noon).toEqual({ events: noon?.['events'], seen: noon?.['seen'], streamed: noon?.['streamed'], active_so_far: noon?.['seen'], streaming_so_far: noon?.['streamed'] });
  });

  it('computes one table for the days asked only', async () => {
    const result = await computeGoldTable(db.connection, { table: 'top_artists_daily', silver: 'silver', days: ['2025-03-25', '2025-03-24'], into: 'some_days' });
    expect(result).toMatchObject({ table: 'top_artists_daily', relation: 'some_days', days: ['2025-03-24', '2025-03-25'] });
    const rows = await rowsOf('some_days', ['day', 'artist_id']);
    expect(rows.length).toBe(result.rows);
    expect(rows).toEqual(sortedRows(expected.top_artists_daily.filter((row) => row['day'] === '2025-03-24' || row['day'] === '2025-03-25'), ['day', 'artist_id']));
  });

  it('refuses to write over its own input', async () => {
    await expect(computeGoldTable(db.connection, { table: 'plays_per_hour', silver: 'silver', days: [], into: 'silver' })).rejects.toThrow('Gold output table silver is also the silver input');
    await expect(computeSilver(db.connection, { bronze: 'bronze', into: 'bronze' })).rejects.toThrow(/Silver output table bronze is also an input/);
  });

  it('refuses a day that is not a calendar day, naming it', async () => {
    await expect(computeGoldTable(db.connection, { table: 'plays_per_hour', silver: 'silver', days: ['2025-02-30'] })).rejects.toThrow(/item 0 is "2025-02-30", expected a real calendar day/);
  });
});

/** Overwrites the day partitions `days` of `target` with `source`, as the batch app does on Delta. */
async function overwriteDays(target: string, source: string, days: readonly string[]): Promise<void> {
  await db.connection.run(`CREATE TABLE IF NOT EXISTS "${target}" AS SELECT * FROM "${source}" WHERE false`);
  await db.connection.run(`DELETE FROM "${target}" WHERE day IN (SELECT unnest(CAST($days AS DATE[])))`, { days: listValue([...days]) });
  await db.connection.run(`INSERT INTO "${target}" SELECT * FROM "${source}"`);
}

describe('gold over an empty silver table', () => {
  it('creates every table empty, with its declared columns', async () => {
    db = await openTestDuckDB();
    try {
      await loadBronze('bronze', []);
      await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
      const results = await computeGold(db.connection, { silver: 'silver', changedDays: 'full' });
      expect(results.map((result) => [result.table, result.rows])).toEqual(GOLD_TABLES.map((table) => [table.name, 0]));
      const described = await readRows(db.connection, `SELECT column_name FROM (DESCRIBE trending_artists_daily)`);
      expect(described.map((row) => row['column_name'])).toEqual(GOLD_TABLES.find((table) => table.name === 'trending_artists_daily')?.columns.map((column) => column.name));
    } finally {
      db.close();
    }
  });
});

describe('incremental refresh', () => {
  beforeEach(async () => {
    db = await openTestDuckDB();
  });
  afterEach(() => db.close());

  const onTime = generateListeningDataset({ seed: 11, startDay: '2025-05-01', days: 20, events: 3_000, batches: 4, lateRatio: 0 });
  // 60 streams of one artist on day 3, arriving after everything else: they change the previous
  // window of the trending days 10 to 16 and nothing after.
  const lateBurst = Array.from({ length: 60 }, (_, i) => {
    const occurredMs = Date.parse('2025-05-03T10:00:00.000Z') + i * 60_000;
    const event = makePlayEvent({ event_id: newEventId(occurredMs, Uint8Array.from([i, 1, 2, 3, 4, 5, 6, 7, 8, 9])), occurred_at: new Date(occurredMs).toISOString(), user_id: `usr_late_${i % 7}`, track: { track_id: 'trk_0000', artist_id: 'art_0000', artist_name: 'Daft Punk' } });
    return toBronzeRow(event, { topic: 'listening-events', partition: 9, offset: String(i) }, new Date('2025-06-01T00:00:00.000Z'));
  });
  const scenarios = [
    ['random appends with duplicates and late events', dataset.batches],
    ['on-time appends, then a burst of late streams for one old day', [...onTime.batches, lateBurst]],
  ] as const;

  it.each(scenarios)('after each of several appends (%s) equals one full rebuild, for every gold table', async (_scenario, batches) => {
    await loadBronze('bronze_all', batches.flat());
    await computeSilver(db.connection, { bronze: 'bronze_all', into: 'silver_full' });
    await computeGold(db.connection, { silver: 'silver_full', changedDays: 'full', trending, into: (table) => `full_${table}` });

    await db.connection.run(`CREATE TABLE silver AS SELECT * FROM silver_full WHERE false`);
    const recomputed: Partial<Record<GoldTableName, number>> = {};
    for (const [i, batch] of batches.entries()) {
      await loadBronze(`bronze_${i}`, batch);
      const increment = await computeSilverIncrement(db.connection, { bronze: `bronze_${i}`, silver: 'silver', into: 'silver_increment' });
      await db.connection.run(`INSERT INTO silver SELECT * FROM silver_increment`);
      const results = await computeGold(db.connection, { silver: 'silver', changedDays: increment.eventDates, trending, into: (table) => `new_${table}` });
      for (const result of results) {
        await overwriteDays(`acc_${result.table}`, result.relation, result.plan.outputDays);
        recomputed[result.table] = (recomputed[result.table] ?? 0) + result.plan.outputDays.length;
      }
    }

    for (const table of GOLD_TABLES) {
      expect({ table: table.name, rows: await rowsOf(`acc_${table.name}`, table.grain) }).toEqual({ table: table.name, rows: await rowsOf(`full_${table.name}`, table.grain) });
    }
    // Every day was computed at least once, and late events made later batches revisit some.
    expect(recomputed.top_artists_daily).toBeGreaterThan(new Set(batches.flat().map((row) => row.event_date)).size);
  });

  it('never counts a duplicate twice, even when it arrives days later in another append', async () => {
    const play = makePlayEvent({ occurred_at: '2025-06-01T12:00:00.000Z' });
    await loadBronze('bronze_1', [toBronzeRow(play, { topic: 't', partition: 0, offset: '1' }, new Date('2025-06-01T12:00:01.000Z'))]);
    await computeSilver(db.connection, { bronze: 'bronze_1', into: 'silver' });
    await loadBronze('bronze_2', [
      toBronzeRow(play, { topic: 't', partition: 0, offset: '1' }, new Date('2025-06-04T08:00:00.000Z')),
      toBronzeRow(play, { topic: 't', partition: 2, offset: '77' }, new Date('2025-06-04T08:00:00.000Z')),
    ]);
    const increment = await computeSilverIncrement(db.connection, { bronze: 'bronze_2', silver: 'silver', into: 'silver_increment' });
    expect(increment.rows).toBe(0);
    await db.connection.run(`INSERT INTO silver SELECT * FROM silver_increment`);
    await computeGold(db.connection, { silver: 'silver', changedDays: 'full', tables: ['top_artists_daily', 'daily_active_listeners'] });
    expect(await readRows(db.connection, `SELECT day, streams, listeners, plays FROM top_artists_daily`)).toEqual([{ day: '2025-06-01', streams: 1, listeners: 1, plays: 1 }]);
    expect(await readRows(db.connection, `SELECT events, streams, active_listeners FROM daily_active_listeners`)).toEqual([{ events: 1, streams: 1, active_listeners: 1 }]);
  });
});
