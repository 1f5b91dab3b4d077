import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession, formatTimestamp, type PreparedDataFile } from '@music/delta';
import { decodeEvents, encodeEvent, newEventId, ScannedEventStore, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent, seededRandom } from '@music/events/testing';
import { encodeBronzeDataFiles, type BronzeRecord } from './bronze-data-files';
import { BRONZE_COLUMNS, toBronzeRow, type BronzeRow } from './bronze-row';

const ingestedAt = new Date('2026-11-24T12:00:00.500Z');

let duckdb: DuckDBSession;
let directory: string;
beforeAll(async () => {
  duckdb = await DuckDBSession.create();
  directory = mkdtempSync(join(tmpdir(), 'bronze-files-'));
});
afterAll(async () => {
  await duckdb.close();
  rmSync(directory, { recursive: true, force: true });
});

const TITLES = ['Plain title', 'Cœur "wild"', 'back\\slash', 'Émoji 🎵 song', 'tab\there', '日本語のタイトル', 'a', 'Zz top'];

/** Varied events: every type, many listeners and tracks (identifiers beyond a dictionary), titles with escapes and non-ASCII text, two days. */
function variedEvents(count: number, seed: number): ListeningEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const makers = [makePlayEvent, makeSkipEvent, makeLikeEvent, makeShareEvent];
  return Array.from({ length: count }, (_, i) => {
    const make = pick(makers);
    const base = make();
    const minute = Math.floor(random() * 2880);
    const occurredAt = new Date(Date.UTC(2026, 10, 22, 0, minute, Math.floor(random() * 60), Math.floor(random() * 1000))).toISOString();
    return make({
      event_id: newEventId(),
      user_id: `u-${Math.floor(random() * (i % 3 === 0 ? 1_000_000 : 300))}`,
      session_id: newEventId(),
      occurred_at: occurredAt,
      country: pick(['FR', 'JP', 'US', 'BR']),
      timezone: pick(['Europe/Paris', 'Asia/Tokyo', 'America/New_York']),
      track: { ...base.track, track_id: `t-${Math.floor(random() * 5000)}`, title: pick(TITLES), duration_ms: 1000 + Math.floor(random() * 400_000) },
    } as Partial<ListeningEvent>);
  });
}

interface Batch {
  records: BronzeRecord[];
  expected: BronzeRow[];
}

function batchOf(events: readonly ListeningEvent[], topicOf: (index: number) => string = () => 'listening-events'): Batch {
  const records = events.map((event, index) => {
    const record = { topic: topicOf(index), partition: index % 3, offset: String(1_000_000_000 + index), value: encodeEvent(event).value };
    return { record, event };
  });
  return { records, expected: records.map(({ record, event }) => toBronzeRow(event, record, ingestedAt)) };
}

/** The batch as the ingest gives it: decoded by decodeEvents, which kept what the scanner read. */
function decodedBatch(batch: Batch): BronzeRecord[] {
  const store = new ScannedEventStore(batch.records.length);
  const decoded = decodeEvents(batch.records.map(({ record }) => record), { retain: store });
  return batch.records.map(({ record }, index) => {
    const result = decoded[index];
    if (!result?.ok) throw new Error(`record ${index} is invalid`);
    return { record, event: result.event, scanned: store, scannedRow: store.rowOf(index) };
  });
}

/** The rows of the files as toBronzeRow writes them, ordered by Kafka position. */
async function fileRows(files: readonly PreparedDataFile[]): Promise<BronzeRow[]> {
  const rows: Record<string, unknown>[] = [];
  for (const file of files) {
    const path = join(directory, `${Math.random()}.parquet`);
    writeFileSync(path, file.body);
    const read = await duckdb.rows(
      `SELECT * REPLACE (strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, strftime(ingested_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS ingested_at), '${file.partitionValues['event_date']}' AS event_date FROM read_parquet('${path}')`,
    );
    expect(read).toHaveLength(file.rows);
    rows.push(...read);
  }
  return rows
    .map((row) => Object.fromEntries(BRONZE_COLUMNS.map(({ name }) => [name, typeof row[name] === 'bigint' ? Number(row[name]) : row[name]])) as unknown as BronzeRow)
    .sort((a, b) => a.source_topic.localeCompare(b.source_topic) || a.source_partition - b.source_partition || a.source_offset - b.source_offset);
}

function sorted(rows: readonly BronzeRow[]): BronzeRow[] {
  return [...rows].sort((a, b) => a.source_topic.localeCompare(b.source_topic) || a.source_partition - b.source_partition || a.source_offset - b.source_offset);
}

/** The statistics each file must report, from the expected rows of its day. */
function expectedStatistics(rows: readonly BronzeRow[]): Map<string, Map<string, string>> {
  const statistics = new Map<string, Map<string, string>>();
  for (const column of BRONZE_COLUMNS) {
    if (column.name === 'event_date') continue;
    const values = rows.map((row) => row[column.name]).filter((value) => value !== null);
    const entries = new Map([['null_count', String(rows.length - values.length)]]);
    if (values.length > 0) {
      let texts: string[];
      if (column.type === 'string') texts = (values as string[]).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      else if (column.type === 'timestamp') texts = (values as string[]).map((text) => BigInt(Date.parse(text)) * 1000n).sort((a, b) => (a < b ? -1 : 1)).map(formatTimestamp);
      else if (column.type === 'boolean') texts = (values as boolean[]).map(String).sort();
      else texts = (values as number[]).sort((a, b) => a - b).map(String);
      entries.set('min', texts[0] as string);
      entries.set('max', texts[texts.length - 1] as string);
    }
    statistics.set(column.name, entries);
  }
  return statistics;
}

function expectFiles(files: readonly PreparedDataFile[], expected: readonly BronzeRow[]): Promise<void> {
  for (const file of files) {
    const day = file.partitionValues['event_date'];
    const ofDay = expected.filter((row) => row.event_date === day);
    expect(file.rows).toBe(ofDay.length);
    expect(Object.fromEntries([...file.statistics].map(([name, stats]) => [name, Object.fromEntries(stats)]))).toEqual(
      Object.fromEntries([...expectedStatistics(ofDay)].map(([name, stats]) => [name, Object.fromEntries(stats)])),
    );
  }
  expect(files.reduce((total, file) => total + file.rows, 0)).toBe(expected.length);
  return fileRows(files).then((rows) => expect(rows).toEqual(sorted(expected)));
}

describe('encodeBronzeDataFiles', () => {
  it.each(['snappy', 'uncompressed'] as const)('writes, one file per event_date, the rows toBronzeRow gives, with their exact statistics (%s)', async (codec) => {
    const batch = batchOf(variedEvents(6000, 7), (index) => (index % 50 === 0 ? 'other.topic' : 'listening-events'));
    const files = encodeBronzeDataFiles(decodedBatch(batch), ingestedAt, codec);
    expect(files.map((file) => file.partitionValues['event_date']).sort()).toEqual(['2026-11-22', '2026-11-23']);
    expect(files.every((file) => file.codec === codec)).toBe(true);
    await expectFiles(files, batch.expected);
    const path = join(directory, `${codec}.parquet`);
    writeFileSync(path, (files[0] as PreparedDataFile).body);
    const codecs = await duckdb.rows(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
    expect(codecs).toEqual([{ compression: codec.toUpperCase() }]);
  });

  it('reads the values itself when decodeEvents kept nothing, and writes only the records it is given', async () => {
    const batch = batchOf(variedEvents(3000, 11));
    const alone = batch.records.map(({ record, event }) => ({ record, event }));
    await expectFiles(encodeBronzeDataFiles(alone, ingestedAt, 'snappy'), batch.expected);
    // The ingest leaves out records already written or of erased listeners: every third one here.
    const decoded = decodedBatch(batch).filter((_, index) => index % 3 !== 1);
    await expectFiles(
      encodeBronzeDataFiles(decoded, ingestedAt, 'snappy'),
      batch.expected.filter((_, index) => index % 3 !== 1),
    );
  });

  it('writes every event type, nulls included, from a batch of one and from JSON the scanner leaves to the validator', async () => {
    for (const event of [makePlayEvent(), makeSkipEvent(), makeLikeEvent(), makeShareEvent()]) {
      const batch = batchOf([event]);
      await expectFiles(encodeBronzeDataFiles(decodedBatch(batch), ingestedAt, 'snappy'), batch.expected);
    }
    // Spaces and a reordered member: valid, but not the compact form the scanner reads.
    const event = makeShareEvent();
    const spaced = Buffer.from(JSON.stringify(event, null, 1));
    const record = { topic: 't', partition: 0, offset: '0', value: spaced };
    await expectFiles(encodeBronzeDataFiles([{ record, event }], ingestedAt, 'snappy'), [toBronzeRow(event, record, ingestedAt)]);
  });

  it('refuses a position that is not a Kafka offset', () => {
    const event = makePlayEvent();
    for (const offset of ['', '-1', '1e3', '+1', ' 1', '01', '1.0', '12345678901234567890']) {
      const record = { topic: 't', partition: 0, offset, value: encodeEvent(event).value };
      expect(() => encodeBronzeDataFiles([{ record, event }], ingestedAt, 'snappy')).toThrow(`t/0/${offset} is not a Kafka position`);
    }
  });
});
