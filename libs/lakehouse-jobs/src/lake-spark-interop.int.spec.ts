import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetCodec } from '@music/delta';
import { decodeEvents, encodeEvent, ScannedEventStore } from '@music/events';
import { BRONZE_TABLE, bronzeEventLinesSql, encodeBronzeDataFiles, encodeBronzeEventLines, GOLD_TABLES, SILVER_TABLE, toBronzeRow, type BronzeRecord } from '@music/tables';
import { serviceEndpoint, sparkReferee, sparkS3Location, type SparkReferee } from '@music/test-support';
import { lakeTableUri, openOrCreate, withExistingTable, type LakeTable } from './lake';
import { refreshLake } from './refresh-run';
import { localDisk, minio, type LakeBackend, type MinioEndpoint, type TestLake } from './test-helpers/lake-backends';
import { appendBronze, log, makeEvent } from './test-helpers/lake-fixture';

/**
 * The lake's own tables, as the ingest and the jobs write them (bronze through each of the
 * ingest's paths: its main one, the Kafka values encoded to Parquet by our encoder
 * (encodeBronzeDataFiles, for bronze's snappy codec); DuckDB over the values as JSON lines, for a
 * bronze table of another codec; and rows), read by Delta Lake on Apache Spark (the protocol's
 * reference implementation): a team reading bronze, silver or gold with Spark gets exactly the
 * rows this library reads, column by column, types included, and the encoded batch exactly the
 * rows toBronzeRow gives, on local disk and on MinIO (Spark through Hadoop's S3A client).
 */

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..', '..');

type Column = LakeTable['columns'][number];

/** A value as comparable text: null as ∅, numbers as JavaScript prints them, timestamps to the microsecond. */
function canonical(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '∅';
  if (column.type === 'timestamp') {
    const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(String(value));
    if (!match) throw new Error(`${column.name}: unexpected timestamp text ${String(value)}`);
    return `${match[1]}.${(match[2] ?? '').padEnd(6, '0')}Z`;
  }
  if (['long', 'integer', 'short', 'byte', 'double', 'float'].includes(column.type)) return String(Number(value));
  return String(value);
}

function multiset(rows: readonly Record<string, unknown>[], columns: readonly Column[]): string[] {
  return rows.map((row) => columns.map((column) => canonical(row[column.name], column)).join('|')).sort();
}

const minioEndpoint = (): Promise<MinioEndpoint> => serviceEndpoint('minio', process.env);

/** Where Spark finds a table of the lake, and the environment its S3A client needs for MinIO. */
async function sparkLocation(backend: LakeBackend, lake: TestLake, definition: Parameters<typeof lakeTableUri>[1]): Promise<{ path: string; env: Record<string, string> }> {
  const uri = lakeTableUri(lake, definition);
  if (backend === localDisk) return { path: fileURLToPath(uri), env: {} };
  return sparkS3Location(uri, await minioEndpoint());
}

describe.each([localDisk, minio(minioEndpoint)])('the lake on $name', (backend) => {
  let referee: SparkReferee;
  let lake: TestLake;

  beforeAll(async () => {
    referee = await sparkReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    lake = await backend.newLake();
  });

  afterAll(async () => {
    await lake?.remove();
  });

  it('Spark reads bronze, silver and every gold table with exactly our rows', async () => {
    await appendBronze(lake, Array.from({ length: 240 }, (_, i) => makeEvent(Math.floor(i / 80), i)), 0);
    await appendBronze(lake, [...Array.from({ length: 60 }, (_, i) => makeEvent(2, 1000 + i)), makeEvent(0, 5000)], 1000);
    // The ingest's main path: the Kafka values as the validator decoded them (the scanner's output
    // kept), encoded to Parquet by our encoder and committed as they are. Two days, every event
    // type, titles with non-ASCII text and with escapes, and a few values written with spaces,
    // which only the validator reads (encoded from their decoded events).
    const encodedAt = new Date('2026-11-22T00:00:00.250Z');
    const titles = ['Cœur de pirate — Ünïcode 🎵', 'He said "go" \\ then left'];
    const encodedEvents = Array.from({ length: 120 }, (_, i) => {
      const event = makeEvent(i < 60 ? 1 : 3, 3000 + i);
      return i % 3 === 2 ? event : { ...event, track: { ...event.track, title: titles[i % 3] as string } };
    });
    const sources = encodedEvents.map((event, i) => {
      const encoded = encodeEvent(event);
      return { topic: 'listening-events', partition: i % 3, offset: String(3000 + i), headers: encoded.headers, value: i % 20 === 0 ? Buffer.from(JSON.stringify(event, null, 1)) : encoded.value };
    });
    const scanned = new ScannedEventStore(sources.length);
    const decoded = decodeEvents(sources, { retain: scanned });
    const records = sources.map(({ topic, partition, offset, value }, i): BronzeRecord => {
      const result = decoded[i];
      if (!result?.ok) throw new Error(`event ${i} is invalid`);
      const row = scanned.rowOf(i);
      return { record: { topic, partition, offset, value }, event: result.event, ...(row >= 0 ? { scanned, scannedRow: row } : {}) };
    });
    expect(scanned.rows).toBeGreaterThan(0);
    expect(scanned.rows).toBeLessThan(records.length);
    const encodedBronze = await openOrCreate(lake, BRONZE_TABLE);
    expect(parquetCodec(encodedBronze.snapshot().configuration)).toBe('snappy');
    expect(await encodedBronze.appendFiles(encodeBronzeDataFiles(records, encodedAt, 'snappy'))).toMatchObject({ status: 'committed', rows: 120 });
    await encodedBronze.close();
    // Bronze tables created with another codec: the Kafka values as JSON lines, turned into bronze rows by DuckDB.
    const scratch = await mkdtemp(join(tmpdir(), 'lake-spark-lines-'));
    try {
      const lines = join(scratch, 'batch.ndjson');
      const sources = Array.from({ length: 90 }, (_, i) => ({ topic: 'listening-events', partition: i % 3, offset: String(i), value: encodeEvent(makeEvent(1, 2000 + i)).value }));
      await writeFile(lines, encodeBronzeEventLines(sources));
      const bronze = await openOrCreate(lake, BRONZE_TABLE);
      expect(await bronze.appendQuery(bronzeEventLinesSql(lines, new Date('2026-11-21T00:00:00Z')))).toMatchObject({ status: 'committed', rows: 90 });
      await bronze.close();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    const run = await refreshLake(lake, { log });
    expect(run.silver.status).toBe('refreshed');

    const tables = [BRONZE_TABLE, SILVER_TABLE, ...GOLD_TABLES];
    const ours = new Map<string, { version: number; rows: string[] }>();
    for (const definition of tables) {
      const read = await withExistingTable(lake, definition, async (table) => {
        const select = definition.columns.map((column) =>
          column.type === 'timestamp' ? `strftime("${column.name}", '%Y-%m-%dT%H:%M:%S.%fZ') AS "${column.name}"` : column.type === 'date' ? `strftime("${column.name}", '%Y-%m-%d') AS "${column.name}"` : `"${column.name}"`,
        );
        const rows = await lake.duckdb.rows(`SELECT ${select.join(', ')} FROM (${(await table.scan()).sql})`);
        return { version: table.snapshot().version, rows: multiset(rows, definition.columns) };
      });
      if (!read) throw new Error(`no table ${definition.name}`);
      ours.set(definition.name, read);
    }

    const locations = await Promise.all(tables.map((definition) => sparkLocation(backend, lake, definition)));
    const reads = await referee.run(
      { reads: tables.map((definition, index) => ({ path: locations[index]?.path ?? '', first: ours.get(definition.name)?.version ?? 0 })) },
      locations[0]?.env,
    );

    tables.forEach((definition, index) => {
      const theirs = reads[index];
      const mine = ours.get(definition.name);
      expect(theirs?.versions.map((version) => version.version)).toEqual([mine?.version]);
      const rows = multiset(theirs?.versions[0]?.rows ?? [], definition.columns);
      expect({ table: definition.name, count: rows.length }).toEqual({ table: definition.name, count: mine?.rows.length });
      expect({ table: definition.name, rows }).toEqual({ table: definition.name, rows: mine?.rows });
      expect({ table: definition.name, columns: theirs?.versions[0]?.columns }).toEqual({ table: definition.name, columns: definition.columns.map((column) => column.name) });
    });
    const ingestedAt = BRONZE_TABLE.columns.find((column) => column.name === 'ingested_at') as Column;
    const encodedBatch = (reads[0]?.versions[0]?.rows ?? []).filter((row) => canonical(row['ingested_at'], ingestedAt) === canonical(encodedAt.toISOString(), ingestedAt));
    expect(multiset(encodedBatch, BRONZE_TABLE.columns)).toEqual(
      multiset(
        records.map(({ record, event }) => ({ ...toBronzeRow(event, record, encodedAt) })),
        BRONZE_TABLE.columns,
      ),
    );
    expect(ours.get(SILVER_TABLE.name)?.rows.length).toBe(ours.get(BRONZE_TABLE.name)?.rows.length);
    expect(ours.get('top_artists_daily')?.rows.length).toBeGreaterThan(0);
  });
});
