import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from '@music/delta';
import { decodeEvents, encodeEvent, ScannedEventStore } from '@music/events';
import { DeltaBronzeAppender, type ConsumedRecord, type ValidRecord } from '@music/ingest';
import { ListeningSimulator } from '@music/simulator';
import { openObjectStore } from '@music/storage';
import { BRONZE_TABLE, bronzeEventLinesSql, encodeBronzeEventLines, openOrCreateTable, toBronzeRow, type BronzeEventSource, type BronzeRow } from '@music/tables';

/** Listeners of the simulated events: about 80,000 events per simulated hour. */
export const SIMULATED_USERS = 100_000;
/** The Node.js flags the ingest runs with (package.json `ingest`, its Dockerfile, the demo): our side of the write is timed with them. */
export const INGEST_NODE_FLAGS = ['--max-semi-space-size=64'];
/** What the bench's child adds to them: a collection before each timed write (see measureOurBronzeWrites). */
export const BENCH_CHILD_FLAGS = ['--expose-gc'];

/** The garbage of what came before (decoding the batch, untimed), collected before a timed write. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One batch of the producer's events (the simulator from `startMs`), as the ingest consumes them from 6 partitions. */
export function bronzeWriteBatch(batch: number, startMs: number): ConsumedRecord[] {
  const simulator = ListeningSimulator.create({ seed: 'bench-bronze-write', startMs, users: SIMULATED_USERS });
  return Array.from({ length: batch }, (_, i) => {
    const event = simulator.next();
    if (event === undefined) throw new Error(`bronze write bench: the simulator stopped after ${i} events`);
    const { value, headers, key } = encodeEvent(event);
    return { topic: 'listening-events', partition: i % 6, offset: String(Math.floor(i / 6)), key: key === null ? null : Buffer.from(key), value, headers };
  });
}

/** The batch as writeBatch hands it to the bronze appender: decoded, the scanner's output kept. */
export function validRecords(consumed: readonly ConsumedRecord[], ingestedAt: Date): ValidRecord[] {
  const scanned = new ScannedEventStore(consumed.length, consumed.length * 512);
  const decoded = decodeEvents(consumed, { retain: scanned });
  return consumed.map((record, index) => {
    const result = decoded[index];
    if (!result?.ok) throw new Error(`bronze write bench: generated event ${index} is invalid`);
    return { record, event: result.event, ingestedAt, scanned, scannedRow: scanned.rowOf(index) };
  });
}

/** The rows delta-rs gets: toBronzeRow of the same events. */
export function bronzeRows(consumed: readonly ConsumedRecord[], ingestedAt: Date): BronzeRow[] {
  return validRecords(consumed, ingestedAt).map(({ record, event }) => toBronzeRow(event, record, ingestedAt));
}

const WARM_UP_APPENDS = 3;

export interface OurBronzeWrites {
  /** The ingest's bronze appender on records decoded beforehand (untimed), rows/s. */
  ours: number[];
  /** decodeEvents (validation, the scanner's output kept) and the same appender, timed together. */
  oursFromValues: number[];
  /** The path of bronze tables of another codec: JSON lines → DuckDB → zstd Parquet. */
  duckdbLines: number[];
}

/** Our three ways of writing the batch, `runs` times each, each run appending to a table holding the earlier ones. */
export async function measureOurBronzeWrites(batch: number, startMs: number, ingestedAt: Date, runs: number): Promise<OurBronzeWrites> {
  const root = mkdtempSync(join(tmpdir(), 'bench-bronze-write-'));
  const duckdb = await DuckDBSession.create();
  try {
    const consumed = bronzeWriteBatch(batch, startMs);
    const claimsOf = (run: number) => Array.from({ length: 6 }, (_, partition) => ({ appId: `bench:${partition}`, version: run, expectedVersion: run - 1 }));
    const timed = async (write: () => Promise<unknown>): Promise<number> => {
      collectGarbage();
      const started = process.hrtime.bigint();
      await write();
      return batch / (Number(process.hrtime.bigint() - started) / 1e9);
    };

    const table = await openOrCreateTable(openObjectStore(`file://${join(root, 'ours')}`), BRONZE_TABLE, { duckdb });
    const appender = new DeltaBronzeAppender('bronze', table);
    // Warm-up, as delta-rs creates its table untimed: long enough for V8 to optimise the JS and
    // the WebAssembly (its tier-up compiles in the background), as in an ingest that has run a while.
    for (let warm = 0; warm < WARM_UP_APPENDS; warm++) await appender.append(validRecords(consumed, ingestedAt), claimsOf(warm));
    const ours: number[] = [];
    const oursFromValues: number[] = [];
    for (let run = 0; run < runs; run++) {
      const records = validRecords(consumed, ingestedAt);
      ours.push(await timed(() => appender.append(records, claimsOf(WARM_UP_APPENDS + 2 * run))));
      oursFromValues.push(await timed(() => appender.append(validRecords(consumed, ingestedAt), claimsOf(WARM_UP_APPENDS + 2 * run + 1))));
    }
    await table.close();

    const zstd = await openOrCreateTable(openObjectStore(`file://${join(root, 'duckdb-lines')}`), { ...BRONZE_TABLE, properties: { 'delta.parquet.compression.codec': 'zstd' } }, { duckdb });
    const lines = join(root, 'batch.ndjson');
    const sources: BronzeEventSource[] = consumed.map(({ topic, partition, offset, value }) => ({ topic, partition, offset, value: value as Buffer }));
    const appendLines = async (run: number) => {
      await writeFile(lines, encodeBronzeEventLines(sources));
      const result = await zstd.appendQuery(bronzeEventLinesSql(lines, ingestedAt), { txns: claimsOf(run) });
      if (result.status !== 'committed' || result.rows !== batch) throw new Error(`bronze write bench: append of ${batch} rows gave ${JSON.stringify(result.status)}`);
    };
    await appendLines(0);
    const duckdbLines: number[] = [];
    for (let run = 1; run <= runs; run++) duckdbLines.push(await timed(() => appendLines(run)));
    await zstd.close();
    return { ours, oursFromValues, duckdbLines };
  } finally {
    await duckdb.close();
    rmSync(root, { recursive: true, force: true });
  }
}
