import { makeLikeEvent, makePlayEvent, makeSkipEvent } from '@music/events/testing';
import { SILVER_COLUMNS, toBronzeRow, type BronzeRow } from '@music/tables';
import { appendBronzeRows, createBronzeTable } from './bronze-table-loader';
import { DUCKDB_TYPES } from './input-relation';
import { computeSilver, computeSilverIncrement } from './silver-transform';
import { openTestDuckDB, readRows, sortedRows, type TestDuckDB } from './test-helpers/duckdb-test-session';
import { generateListeningDataset, withSloppyCountries } from './test-helpers/listening-dataset';
import { referenceSilver } from './test-helpers/reference-metrics';

// DuckDB work on a shared 2-core machine: generous, still bounded.
jest.setTimeout(30_000);

const dataset = generateListeningDataset({ seed: 42, startDay: '2025-03-20', days: 14, events: 3_000, batches: 4 });
const batches = dataset.batches.map((rows) => withSloppyCountries(rows, 17));
const allBronze = batches.flat();

let db: TestDuckDB;
beforeEach(async () => {
  db = await openTestDuckDB();
});
afterEach(() => db.close());

async function loadBronze(name: string, rows: readonly BronzeRow[]): Promise<void> {
  await createBronzeTable(db.connection, name);
  await appendBronzeRows(db.connection, name, rows);
}

const silverRows = (relation: string) => readRows(db.connection, `SELECT * FROM "${relation}" ORDER BY event_id`);

describe('computeSilver', () => {
  it('keeps one row per event_id, normalised and enriched exactly as the independent reference does', async () => {
    await loadBronze('bronze', allBronze);
    const result = await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });

    expect(allBronze.length).toBeGreaterThan(dataset.eventIds.size);
    expect(result.rows).toBe(dataset.eventIds.size);
    const expected = sortedRows(referenceSilver(allBronze), ['event_id']);
    expect(await silverRows('silver')).toEqual(expected);
    expect(result.eventDates).toEqual([...new Set(expected.map((row) => row.event_date))].sort());
  });

  it('produces exactly the declared columns, in order, with their DuckDB types and no null where none is allowed', async () => {
    await loadBronze('bronze', batches[0] as BronzeRow[]);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    const described = await readRows(db.connection, `SELECT column_name, column_type FROM (DESCRIBE silver)`);
    expect(described).toEqual(SILVER_COLUMNS.map((column) => ({ column_name: column.name, column_type: DUCKDB_TYPES[column.type] })));
    for (const column of SILVER_COLUMNS.filter((c) => !c.nullable)) {
      const [row] = await readRows(db.connection, `SELECT count(*) AS n FROM silver WHERE "${column.name}" IS NULL`);
      expect({ column: column.name, nulls: row?.['n'] }).toEqual({ column: column.name, nulls: 0 });
    }
  });

  it('keeps the earliest ingested copy of a duplicate, then the lowest Kafka coordinates on a tie', async () => {
    const play = makePlayEvent();
    const replayed = makePlayEvent({ occurred_at: '2025-06-03T08:00:00.000Z', ms_played: 1_000 });
    const at = (iso: string) => new Date(iso);
    await loadBronze('bronze', [
      toBronzeRow(replayed, { topic: 'listening-events', partition: 0, offset: '900' }, at('2025-06-03T09:00:00.000Z')),
      toBronzeRow(play, { topic: 'listening-events', partition: 2, offset: '10' }, at('2025-06-01T12:00:01.000Z')),
      toBronzeRow(play, { topic: 'listening-events', partition: 1, offset: '12' }, at('2025-06-01T12:00:01.000Z')),
      toBronzeRow(play, { topic: 'listening-events', partition: 1, offset: '11' }, at('2025-06-01T12:00:02.000Z')),
    ]);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    expect(await readRows(db.connection, `SELECT event_id, occurred_at, ms_played, source_partition, source_offset FROM silver`)).toEqual([
      { event_id: play.event_id, occurred_at: play.occurred_at, ms_played: 300_000, source_partition: 1, source_offset: 12 },
    ]);
  });

  it('normalises names, codes and zones: trims, upper-cases countries, lower-cases genres, platforms and types', async () => {
    const skip = makeSkipEvent({ track: { artist_name: '  Stromae ', title: ' Alors on danse', genre: ' Electronic ' }, device: ' Pixel 8 ' });
    const row = { ...toBronzeRow(skip, { topic: 't', partition: 0, offset: '1' }, new Date()), country: ' fr ', platform: 'Android', event_type: 'SKIP', timezone: ' Europe/Paris ' };
    await loadBronze('bronze', [row]);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    expect(await readRows(db.connection, `SELECT artist_name, track_title, genre, device, country, platform, event_type, timezone, ms_listened, is_stream FROM silver`)).toEqual([
      { artist_name: 'Stromae', track_title: 'Alors on danse', genre: 'electronic', device: 'Pixel 8', country: 'FR', platform: 'android', event_type: 'skip', timezone: 'Europe/Paris', ms_listened: 12_345, is_stream: false },
    ]);
  });

  it('counts a play as a stream from 30 000 ms, and minutes listened from plays and skips only', async () => {
    const source = { topic: 't', partition: 0, offset: '1' };
    const ids = ['01972b9c-4c00-7000-8000-0000000000a1', '01972b9c-4c00-7000-8000-0000000000a2', '01972b9c-4c00-7000-8000-0000000000a3'];
    await loadBronze('bronze', [
      toBronzeRow(makePlayEvent({ event_id: ids[0], ms_played: 29_999 }), source, new Date()),
      toBronzeRow(makePlayEvent({ event_id: ids[1], ms_played: 30_000 }), source, new Date()),
      toBronzeRow(makeLikeEvent({ event_id: ids[2] }), source, new Date()),
    ]);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    expect(await readRows(db.connection, `SELECT is_stream, ms_listened, minutes_listened FROM silver ORDER BY event_id`)).toEqual([
      { is_stream: false, ms_listened: 29_999, minutes_listened: 29_999 / 60_000 },
      { is_stream: true, ms_listened: 30_000, minutes_listened: 0.5 },
      { is_stream: false, ms_listened: 0, minutes_listened: 0 },
    ]);
  });

  it('takes local time in UTC for a zone DuckDB does not know, instead of failing the batch', async () => {
    const row = { ...toBronzeRow(makePlayEvent({ occurred_at: '2025-06-01T23:30:00.000Z' }), { topic: 't', partition: 0, offset: '1' }, new Date()), timezone: 'Mars/Olympus_Mons' };
    await loadBronze('bronze', [row]);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver' });
    expect(await readRows(db.connection, `SELECT local_date, local_hour, hour_bucket FROM silver`)).toEqual([{ local_date: '2025-06-01', local_hour: 23, hour_bucket: 'evening' }]);
  });
});

describe('computeSilverIncrement', () => {
  it('appending the increment of each bronze batch gives exactly the full rebuild', async () => {
    await loadBronze('bronze_all', allBronze);
    await computeSilver(db.connection, { bronze: 'bronze_all', into: 'silver_full' });

    await db.connection.run(`CREATE TABLE silver AS SELECT * FROM silver_full WHERE false`);
    let appended = 0;
    for (const [i, batch] of batches.entries()) {
      await loadBronze(`bronze_${i}`, batch);
      const increment = await computeSilverIncrement(db.connection, { bronze: `bronze_${i}`, silver: 'silver', into: 'silver_increment' });
      await db.connection.run(`INSERT INTO silver SELECT * FROM silver_increment`);
      appended += increment.rows;
      if (i > 0) expect(increment.rows).toBeLessThan(batch.length);
    }
    expect(appended).toBe(dataset.eventIds.size);
    expect(await silverRows('silver')).toEqual(await silverRows('silver_full'));
  });

  it('drops a late re-delivery of an event already in silver, and reports the dates of what it adds', async () => {
    const old = makePlayEvent({ occurred_at: '2025-05-01T10:00:00.000Z' });
    const fresh = makePlayEvent({ event_id: '01972b9c-4c00-7000-8000-0000000000b1', occurred_at: '2025-06-02T10:00:00.000Z' });
    await loadBronze('bronze_1', [toBronzeRow(old, { topic: 't', partition: 0, offset: '1' }, new Date('2025-05-01T10:00:01.000Z'))]);
    await computeSilver(db.connection, { bronze: 'bronze_1', into: 'silver' });
    await loadBronze('bronze_2', [
      toBronzeRow(old, { topic: 't', partition: 0, offset: '2' }, new Date('2025-06-02T10:00:01.000Z')),
      toBronzeRow(fresh, { topic: 't', partition: 0, offset: '3' }, new Date('2025-06-02T10:00:01.000Z')),
      toBronzeRow(fresh, { topic: 't', partition: 1, offset: '3' }, new Date('2025-06-02T10:00:02.000Z')),
    ]);
    const increment = await computeSilverIncrement(db.connection, { bronze: 'bronze_2', silver: 'silver', into: 'silver_new' });
    expect(increment).toEqual({ relation: 'silver_new', rows: 1, eventDates: ['2025-06-02'] });
    expect(await readRows(db.connection, `SELECT event_id, source_partition FROM silver_new`)).toEqual([{ event_id: fresh.event_id, source_partition: 0 }]);
  });
});

describe('bronze input contract', () => {
  it('names the relation and the columns that do not fit', async () => {
    await db.connection.run(`CREATE TABLE bad AS SELECT 'x' AS event_id, 'not a number' AS ms_played`);
    await expect(computeSilver(db.connection, { bronze: 'bad', into: 'silver' })).rejects.toThrow(
      /bronze relation bad does not fit its contract: .*column schema_version is missing.*column ms_played is VARCHAR, expected BIGINT/,
    );
  });

  it('refuses a relation name that is not an identifier', async () => {
    await expect(computeSilver(db.connection, { bronze: 'bronze; DROP TABLE x', into: 'silver' })).rejects.toThrow(/not an identifier/);
  });

  it('gives the same silver from text or naive UTC timestamps, whatever the session time zone', async () => {
    const rows = (batches[1] as BronzeRow[]).slice(0, 300);
    await loadBronze('bronze', rows);
    await computeSilver(db.connection, { bronze: 'bronze', into: 'silver_reference' });
    const expected = await silverRows('silver_reference');

    await db.connection.run(`SET TimeZone = 'Asia/Tokyo'`);
    await db.connection.run(`CREATE TABLE bronze_text AS SELECT * REPLACE (strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, strftime(ingested_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS ingested_at, CAST(event_date AS VARCHAR) AS event_date) FROM bronze`);
    await db.connection.run(`CREATE TABLE bronze_naive AS SELECT * REPLACE (timezone('UTC', occurred_at) AS occurred_at, timezone('UTC', ingested_at) AS ingested_at, CAST(source_offset AS INTEGER) AS source_offset) FROM bronze`);
    await computeSilver(db.connection, { bronze: 'bronze_text', into: 'silver_text' });
    await computeSilver(db.connection, { bronze: 'bronze_naive', into: 'silver_naive' });
    await db.connection.run(`SET TimeZone = 'UTC'`);
    expect(await silverRows('silver_text')).toEqual(expected);
    expect(await silverRows('silver_naive')).toEqual(expected);
  });
});
