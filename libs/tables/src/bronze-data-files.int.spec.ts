import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBSession, type DeltaTable, type PreparedDataFile } from '@music/delta';
import { decodeEvents, encodeEvent, EVENT_TYPES, newEventId, PLATFORMS, ScannedEventStore, SHARE_CHANNELS, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent, seededRandom } from '@music/events/testing';
import { openObjectStore, type ObjectStore } from '@music/storage';
import { deltaReferee, serviceEndpoint, type DeltaReferee, type RefereeSnapshot } from '@music/test-support';
import { encodeBronzeDataFiles, type BronzeRecord } from './bronze-data-files';
import { ingestAppId } from './bronze-offsets';
import { BRONZE_COLUMNS, toBronzeRow, type BronzeRow } from './bronze-row';
import { openOrCreateTable } from './lake-table-store';
import { BRONZE_TABLE } from './lake-tables';

/**
 * Bronze as the ingest writes it (encodeBronzeDataFiles: our WebAssembly Parquet encoder, files
 * committed with appendFiles and the batch's txns), read by delta-rs (PyPI deltalake) on local
 * disk and MinIO: exactly the rows toBronzeRow gives for every event, each file's record count,
 * and the statistics delta-rs parses from the log equal to what the file's rows imply.
 */

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..', '..');

interface Location {
  store: ObjectStore;
  /** The table as delta-rs spells it, and its storage options (none on local disk). */
  refereeUri: string;
  storageOptions?: Record<string, string>;
  remove(): Promise<void>;
}

async function onLocalDisk(): Promise<Location> {
  const directory = await mkdtemp(join(tmpdir(), 'bronze-files-int-'));
  return { store: openObjectStore(pathToFileURL(directory).href), refereeUri: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

async function onMinio(): Promise<Location> {
  const minio = await serviceEndpoint('minio', process.env);
  const uri = `s3://${minio.bucket}/tables-int/bronze-${randomUUID()}`;
  const store = openObjectStore(uri, { s3: { endpoint: minio.endpoint, region: minio.region, credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey } } });
  return {
    store,
    refereeUri: uri,
    storageOptions: {
      AWS_ENDPOINT_URL: minio.endpoint,
      AWS_ACCESS_KEY_ID: minio.accessKeyId,
      AWS_SECRET_ACCESS_KEY: minio.secretAccessKey,
      AWS_REGION: minio.region,
      AWS_ALLOW_HTTP: 'true',
    },
    remove: async () => {
      await Promise.all((await store.list('')).map((object) => store.delete(object.key)));
    },
  };
}

const GROUP = 'bronze-int';
const TITLES = [
  'Plain title',
  'Cœur "sauvage"',
  'back\\slash and "quotes"',
  'tab\there',
  '日本語のタイトル',
  // U+FB00 sorts after every surrogate in UTF-16 but before the emoji in UTF-8: the two orders disagree on the max.
  'ﬀ ligature',
  '🎵 first',
  // Longer than the 32 code points statistics keep: the max title (two UTF-16 units each) and the min one.
  `${'🎶'.repeat(31)}🎵 tail`,
  'Añoranza — a title longer than thirty-two code points',
  'He said "go" \\ then left, '.repeat(3),
  'a',
];
const ARTISTS = ['Björk', 'Sigur Rós', '坂本龍一', 'The "Band"', 'AC/DC'];

/** Varied valid events over two days (2026-11-22 and 23), every type; ms_played, completed and channel as each type has them. */
function variedEvents(count: number, seed: number): ListeningEvent[] {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    // A few on a whole second: delta-rs prints those without a fraction.
    const occurredAt = Date.UTC(2026, 10, 22, 0, int(2880), int(60), i % 97 === 0 ? 0 : int(1000));
    const artist = int(ARTISTS.length);
    const durationMs = 1000 + int(400_000);
    const common = {
      event_id: newEventId(occurredAt),
      occurred_at: new Date(occurredAt).toISOString(),
      user_id: `u-${int(i % 3 === 0 ? 1_000_000 : 300)}`,
      session_id: `s-${int(5000)}`,
      platform: pick(PLATFORMS),
      device: pick(['iPhone 15', 'Pixel 9', 'Firefox 140', 'Sonos One']),
      country: pick(['FR', 'JP', 'US', 'BR', 'IS']),
      timezone: pick(['Europe/Paris', 'Asia/Tokyo', 'America/New_York', 'Atlantic/Reykjavik']),
      app_version: pick(['4.12.0', '4.13.1-beta.2', '5.0.0']),
      track: { track_id: `t-${int(5000)}`, title: pick(TITLES), artist_id: `a-${artist}`, artist_name: ARTISTS[artist] as string, genre: pick(['pop', 'rock', 'jazz', 'música popular']), duration_ms: durationMs },
    };
    switch (pick(EVENT_TYPES)) {
      case 'play':
        return makePlayEvent({ ...common, ms_played: int(durationMs + 1), completed: random() < 0.5 });
      case 'skip':
        return makeSkipEvent({ ...common, ms_played: int(durationMs) });
      case 'like':
        return makeLikeEvent(common);
      default:
        return makeShareEvent({ ...common, channel: pick(SHARE_CHANNELS) });
    }
  });
}

interface Batch {
  records: BronzeRecord[];
  expected: BronzeRow[];
  ingestedAt: Date;
  txns: { appId: string; version: number }[];
  /** Records the scanner kept (the others are encoded from their decoded events). */
  scanned: number;
}

/**
 * A batch as the ingest gives it: Kafka records over two topics and several partitions (offsets
 * beyond 2^32, carrying on from the batch before), decoded by decodeEvents keeping what the
 * scanner read, and the txn of each (topic, partition): its last offset. Every 25th value is
 * JSON written with spaces, which only the validator reads: encoded from its decoded event.
 */
function batchOf(events: readonly ListeningEvent[], ingestedAt: Date, nextOffsets: Map<string, number>): Batch {
  const sources = events.map((event, index) => {
    const topic = index % 40 === 0 ? 'listening-events.replayed' : 'listening-events';
    const partition = index % 5;
    const key = `${topic}/${partition}`;
    const offset = nextOffsets.get(key) ?? 5_000_000_000;
    nextOffsets.set(key, offset + 1 + (index % 3));
    const encoded = encodeEvent(event);
    return { topic, partition, offset: String(offset), headers: encoded.headers, value: index % 25 === 0 ? Buffer.from(JSON.stringify(event, null, 1)) : encoded.value };
  });
  const store = new ScannedEventStore(sources.length);
  const decoded = decodeEvents(sources, { retain: store });
  const records = sources.map(({ topic, partition, offset, value }, index): BronzeRecord => {
    const result = decoded[index];
    if (!result?.ok) throw new Error(`record ${index} is invalid: ${JSON.stringify(result)}`);
    const row = store.rowOf(index);
    return { record: { topic, partition, offset, value }, event: result.event, ...(row >= 0 ? { scanned: store, scannedRow: row } : {}) };
  });
  const last = new Map<string, { appId: string; version: number }>();
  for (const { topic, partition, offset } of sources) last.set(`${topic}/${partition}`, { appId: ingestAppId(GROUP, topic, partition), version: Number(offset) });
  return {
    records,
    expected: records.map(({ record, event }) => toBronzeRow(event, record, ingestedAt)),
    ingestedAt,
    txns: [...last.values()],
    scanned: store.rows,
  };
}

/** A timestamp as delta-rs' referee prints it (Python's isoformat): microseconds, or no fraction at all on a whole second. */
function refereeTimestamp(iso: string): string {
  const [seconds, millis] = iso.slice(0, -1).split('.');
  return millis === undefined || millis === '000' ? `${seconds}Z` : `${seconds}.${millis}000Z`;
}

/** A bronze row as delta-rs' referee gives it: the same JSON values, timestamps as it prints them. */
function asReferee(row: BronzeRow): Record<string, unknown> {
  return Object.fromEntries(BRONZE_COLUMNS.map(({ name, type }) => [name, type === 'timestamp' ? refereeTimestamp(row[name] as string) : row[name]]));
}

const byKafkaPosition = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a['source_topic']).localeCompare(String(b['source_topic'])) || Number(a['source_partition']) - Number(b['source_partition']) || Number(a['source_offset']) - Number(b['source_offset']);

const personal = new Set<string>(BRONZE_TABLE.personalColumns);
/** The columns with statistics: the data columns but the personal ones (delta.dataSkippingStatsColumns). */
const STATS_COLUMNS = BRONZE_COLUMNS.filter(({ name }) => name !== 'event_date' && !personal.has(name));
const STATS_PREFIX = 32;

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * What statistics the rows of one file imply, as delta-rs parses them from the log: null counts;
 * min/max of strings (UTF-8 byte order) cut to 32 code points, a cut max followed by U+10FFFF so
 * it stays a bound; of timestamps and numbers; none for booleans or a column without a value.
 */
function impliedStatistics(rows: readonly BronzeRow[]): { null_count: Record<string, number>; min: Record<string, unknown>; max: Record<string, unknown> } {
  const statistics = { null_count: {} as Record<string, number>, min: {} as Record<string, unknown>, max: {} as Record<string, unknown> };
  for (const { name, type } of STATS_COLUMNS) {
    const values = rows.map((row) => row[name]).filter((value) => value !== null);
    statistics.null_count[name] = rows.length - values.length;
    let bounds: [unknown, unknown] = [null, null];
    if (values.length > 0 && type === 'string') {
      const sorted = (values as string[]).sort(utf8Order);
      const prefix = (text: string) => Array.from(text).slice(0, STATS_PREFIX).join('');
      const max = sorted.at(-1) as string;
      bounds = [prefix(sorted[0] as string), Array.from(max).length > STATS_PREFIX ? `${prefix(max)}${String.fromCodePoint(0x10ffff)}` : max];
    } else if (values.length > 0 && type === 'timestamp') {
      const sorted = (values as string[]).sort((a, b) => Date.parse(a) - Date.parse(b));
      bounds = [refereeTimestamp(sorted[0] as string), refereeTimestamp(sorted.at(-1) as string)];
    } else if (values.length > 0 && type !== 'boolean') {
      const sorted = (values as number[]).sort((a, b) => a - b);
      bounds = [sorted[0], sorted.at(-1)];
    }
    [statistics.min[name], statistics.max[name]] = bounds;
  }
  return statistics;
}

describe.each<[string, () => Promise<Location>]>([
  ['local disk', onLocalDisk],
  ['MinIO (s3://)', onMinio],
])('bronze data files read by delta-rs on %s', (_name, open) => {
  let referee: DeltaReferee;
  let duckdb: DuckDBSession;
  let location: Location | undefined;

  beforeAll(async () => {
    referee = await deltaReferee({ cacheDir: join(ROOT, '.cache'), env: process.env });
    duckdb = await DuckDBSession.create();
  });

  afterAll(async () => {
    await location?.remove();
    await duckdb?.close();
  });

  it('delta-rs reads exactly the rows toBronzeRow gives, and each file has its record count and the statistics its rows imply', async () => {
    location = await open();
    const table: DeltaTable = await openOrCreateTable(location.store, BRONZE_TABLE, { duckdb });
    const offsets = new Map<string, number>();
    const batches = [
      batchOf(variedEvents(1500, 1), new Date('2026-11-24T12:00:00.000Z'), offsets),
      batchOf(variedEvents(1200, 2), new Date('2026-11-24T12:05:00.250Z'), offsets),
      batchOf(variedEvents(1300, 3), new Date('2026-11-24T12:10:01.007Z'), offsets),
    ];
    /** What each committed file must hold, by its path in the log. */
    const committed = new Map<string, { file: PreparedDataFile; rows: BronzeRow[] }>();
    let version = table.snapshot().version;
    for (const batch of batches) {
      // Both ways in: the values the scanner kept, and the events only the validator read.
      expect(batch.scanned).toBeGreaterThan(0);
      expect(batch.scanned).toBeLessThan(batch.records.length);
      const days = [...new Set(batch.expected.map((row) => row.event_date))].sort();
      expect(days).toEqual(['2026-11-22', '2026-11-23']);
      for (const day of days) {
        const ofDay = batch.expected.filter((row) => row.event_date === day);
        expect({ day, types: [...new Set(ofDay.map((row) => row.event_type))].sort() }).toEqual({ day, types: [...EVENT_TYPES].sort() });
      }

      const files = encodeBronzeDataFiles(batch.records, batch.ingestedAt, 'snappy');
      const result = await table.appendFiles(files, { txns: batch.txns });
      if (result.status !== 'committed') throw new Error(`batch not committed: ${JSON.stringify(result)}`);
      expect(result).toMatchObject({ version: ++version, rows: batch.records.length });
      expect(result.files).toHaveLength(files.length);
      for (const add of result.files) {
        const day = add.partitionValues['event_date'];
        const file = files.find((candidate) => candidate.partitionValues['event_date'] === day) as PreparedDataFile;
        committed.set(decodeURIComponent(add.path), { file, rows: batch.expected.filter((row) => row.event_date === day) });
      }
    }
    for (const batch of batches) for (const txn of batch.txns) expect(table.snapshot().txns.get(txn.appId)?.version).toBeGreaterThanOrEqual(txn.version);
    await table.close();

    const snapshot: RefereeSnapshot = await referee.read(location.refereeUri, { rows: true, ...(location.storageOptions ? { storageOptions: location.storageOptions } : {}) });
    expect(snapshot.version).toBe(version);
    expect(snapshot.schema.map((field) => [field.name, field.type, field.nullable])).toEqual(BRONZE_COLUMNS.map(({ name, type, nullable }) => [name, `PrimitiveType("${type}")`, nullable]));

    const expected = batches.flatMap((batch) => batch.expected).map(asReferee).sort(byKafkaPosition);
    const theirs = [...(snapshot.rows ?? [])].sort(byKafkaPosition);
    expect(theirs).toHaveLength(expected.length);
    expect([...new Set(theirs.map((row) => Object.keys(row).join(',')))]).toEqual([BRONZE_COLUMNS.map(({ name }) => name).join(',')]);
    // Kafka positions are unique: rows sorted by them, equal column by column, are equal multisets.
    for (const { name } of BRONZE_COLUMNS) {
      expect({ column: name, values: theirs.map((row) => row[name]) }).toEqual({ column: name, values: expected.map((row) => row[name]) });
    }

    const adds = snapshot.add_actions ?? [];
    expect(adds.map((add) => decodeURIComponent(add.path)).sort()).toEqual([...committed.keys()].sort());
    for (const add of adds) {
      const path = decodeURIComponent(add.path);
      const { file, rows } = committed.get(path) as { file: PreparedDataFile; rows: BronzeRow[] };
      expect({ path, records: add.num_records, partition: add.partition }).toEqual({ path, records: file.rows, partition: { event_date: rows[0]?.event_date } });
      expect(file.rows).toBe(rows.length);
      expect({ path, null_count: add.null_count, min: add.min, max: add.max }).toEqual({ path, ...impliedStatistics(rows) });
    }
  });
});
