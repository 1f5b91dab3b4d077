import { decodeEvents, ScannedEventStore } from '@music/events';
import { toBronzeRow, toQuarantineRow, type BronzeRow, type QuarantineRow } from '@music/tables';
import { toDeadLetter, type DeadLetterRecord, type DeadLetterSink } from './dead-letter';
import type { ErasedListeners } from './erased-listeners';
import { ingestAppId } from '@music/tables';
import { PartitionProgress } from './partition-progress';
import type { ConsumedRecord } from './consumed-record';
import { TableChangedError, TxnConflictError, type BronzeAppender, type TableAppender, type ValidRecord } from './table-appender';

export type { ConsumedRecord } from './consumed-record';

export interface BatchWriters {
  group: string;
  /** Takes bronze rows (toBronzeRow), or the valid records themselves (see ValidRecordAppender). */
  bronze: BronzeAppender;
  quarantine: TableAppender<QuarantineRow>;
  deadLetters: DeadLetterSink;
  now: () => Date;
  /** Attempts at a commit that loses a txn race before giving up (the batch is then re-read). */
  maxConflictRetries?: number;
  /** Listeners erased under the GDPR: their records are kept out of both tables and the DLQ. */
  erased?: ErasedListeners;
}

export interface BatchOutcome {
  records: number;
  valid: number;
  invalid: number;
  /** Records already in the tables (a replay after a crash or a rebalance), not written again. */
  alreadyWritten: number;
  /** Records of erased listeners, kept out of the lake (their offsets still count as consumed). */
  erased: number;
  /** Rows the previous batch wrote of listeners erased while it was in flight, deleted before this batch. */
  erasedLate: number;
  bronzeVersion: number | undefined;
  quarantineVersion: number | undefined;
}


/** The records of one Kafka partition within a batch. */
interface PartitionRecords {
  topic: string;
  partition: number;
  appId: string;
  lastOffset: number;
}

/** A record of the batch with its offset as a number and its partition. */
interface BatchRecord {
  record: ConsumedRecord;
  offset: number;
  partition: PartitionRecords;
}

function offsetNumber(record: ConsumedRecord): number {
  const offset = Number(record.offset);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`offset ${record.offset} of ${record.topic}/${record.partition} is not a safe integer`);
  return offset;
}

/**
 * The batch's records once each, in order, grouped by partition. A rebalance can make the
 * consumer read again offsets the batch already holds; as long as every partition's offsets keep
 * increasing there is no duplicate, and only a batch where one goes back is deduplicated by key.
 */
function batchRecords(consumed: readonly ConsumedRecord[], group: string): { records: BatchRecord[]; partitions: PartitionRecords[] } {
  const partitions = new Map<string, PartitionRecords>();
  const records: BatchRecord[] = [];
  let repeated = false;
  for (const record of consumed) {
    const key = `${record.topic}\u0000${record.partition}`;
    const offset = offsetNumber(record);
    let partition = partitions.get(key);
    if (partition === undefined) {
      partition = { topic: record.topic, partition: record.partition, appId: ingestAppId(group, record.topic, record.partition), lastOffset: offset };
      partitions.set(key, partition);
    } else if (offset <= partition.lastOffset) {
      repeated = true;
    } else {
      partition.lastOffset = offset;
    }
    records.push({ record, offset, partition });
  }
  if (!repeated) return { records, partitions: [...partitions.values()] };
  const seen = new Set<string>();
  const unique = records.filter(({ record, offset }) => {
    const key = `${record.topic}\u0000${record.partition}\u0000${offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { records: unique, partitions: [...partitions.values()] };
}

/**
 * Writes one micro-batch exactly once: rows whose offsets the table's txn already covers are
 * dropped, and the commit carries, per partition, the new last offset guarded by the version
 * it was computed against. Quarantine is committed before bronze; bronze's txn decides where a
 * consumer resumes, so a crash between the two replays the batch and each table keeps only what
 * it lacks.
 */
export async function writeBatch(consumed: readonly ConsumedRecord[], writers: BatchWriters): Promise<BatchOutcome> {
  const { records, partitions } = batchRecords(consumed, writers.group);
  const ingestedAt = writers.now();
  const { bronze } = writers;
  const takesRecords = 'takes' in bronze;
  const bronzeRows: BatchRow<BronzeRow>[] = [];
  const validRecords: BatchRow<ValidRecord>[] = [];
  const quarantineRows: BatchRow<QuarantineRow>[] = [];
  const deadLetters: DeadLetterRecord[] = [];
  const { erased } = writers;
  const erasedLate = await deleteLateErased(writers, (await erased?.refresh()) ?? []);
  let erasedRecords = 0;
  const consumedRecords = new Array<ConsumedRecord>(records.length);
  let valueBytes = 0;
  for (let i = 0; i < records.length; i++) {
    const { record } = records[i] as (typeof records)[number];
    consumedRecords[i] = record;
    valueBytes += record.value?.length ?? 0;
  }
  // Bronze's encoder takes the values as the scanner read them, without reading the JSON again.
  const scanned = takesRecords ? new ScannedEventStore(records.length, valueBytes) : undefined;
  const decoded = decodeEvents(consumedRecords, scanned === undefined ? {} : { retain: scanned });
  for (let i = 0; i < records.length; i++) {
    const entry = records[i] as (typeof records)[number];
    const { record } = entry;
    const source = { topic: record.topic, partition: record.partition, offset: record.offset };
    const result = decoded[i] as (typeof decoded)[number];
    if (result.ok) {
      if (erased?.covers(result.event.user_id, result.event.occurred_at)) {
        erasedRecords += 1;
        continue;
      }
      if (takesRecords) validRecords.push({ source: entry, row: { record, event: result.event, ingestedAt, scanned, scannedRow: scanned?.rowOf(i) } });
      else bronzeRows.push({ source: entry, row: toBronzeRow(result.event, source, ingestedAt) });
    } else {
      const row = toQuarantineRow(record.value, result.issues, source, ingestedAt);
      if (row.user_id !== null && erased?.covers(row.user_id, undefined)) {
        erasedRecords += 1;
        continue;
      }
      quarantineRows.push({ source: entry, row });
      deadLetters.push(toDeadLetter(record, result.issues, source));
    }
  }
  // Before the quarantine commit: a crash after it resends (at-least-once), never loses.
  if (deadLetters.length > 0) await writers.deadLetters.send(deadLetters);

  // Quarantine's txn only needs to move when it gets rows: bronze's txn decides where consumers resume.
  const quarantine = await appendOnce(writers.quarantine, partitions, quarantineRows, writers, { commitWithoutRows: false });
  const written = takesRecords
    ? await appendOnce(bronze, partitions, validRecords, writers, { commitWithoutRows: true })
    : await appendOnce(bronze, partitions, bronzeRows, writers, { commitWithoutRows: true });
  erased?.wrote(usersWritten(bronzeRows, validRecords, quarantineRows));
  return {
    records: consumed.length,
    valid: bronzeRows.length + validRecords.length,
    invalid: quarantineRows.length,
    alreadyWritten: written.skipped + quarantine.skipped,
    erased: erasedRecords,
    erasedLate,
    bronzeVersion: written.version,
    quarantineVersion: quarantine.version,
  };
}

/** Deletes from both tables the rows of users erased while the previous batch was in flight. */
async function deleteLateErased(writers: BatchWriters, userIds: readonly string[]): Promise<number> {
  if (userIds.length === 0) return 0;
  return (await writers.bronze.deleteUsers(userIds)) + (await writers.quarantine.deleteUsers(userIds));
}

/**
 * Who a batch wrote: each user with the earliest time of their events (undefined for quarantined
 * records). Validated times all have the form YYYY-MM-DDTHH:MM:SS.mmmZ, so their text order is
 * their time order.
 */
function usersWritten(
  bronzeRows: readonly BatchRow<BronzeRow>[],
  validRecords: readonly BatchRow<ValidRecord>[],
  quarantineRows: readonly BatchRow<QuarantineRow>[],
): Map<string, string | undefined> {
  const users = new Map<string, string | undefined>();
  const note = ({ user_id: userId, occurred_at: occurredAt }: { user_id: string; occurred_at: string }) => {
    const known = users.get(userId);
    if (known === undefined ? !users.has(userId) : occurredAt < known) users.set(userId, occurredAt);
  };
  for (const { row } of bronzeRows) note(row);
  for (const { row } of validRecords) note(row.event);
  for (const { row } of quarantineRows) if (row.user_id !== null) users.set(row.user_id, undefined);
  return users;
}

interface BatchRow<Row> {
  source: BatchRecord;
  row: Row;
}

async function appendOnce<Row>(
  table: TableAppender<Row>,
  partitions: readonly PartitionRecords[],
  rows: readonly BatchRow<Row>[],
  writers: BatchWriters,
  options: { commitWithoutRows: boolean },
): Promise<{ version: number | undefined; skipped: number }> {
  const attempts = (writers.maxConflictRetries ?? 5) + 1;
  for (let attempt = 1; ; attempt += 1) {
    const versions = await table.txnVersions(partitions.map((p) => p.appId));
    const writtenUpTo = new Map(partitions.map((p) => [p, versions.get(p.appId) ?? -1]));
    const fresh = rows.filter(({ source }) => source.offset > (writtenUpTo.get(source.partition) as number));
    // Claims cover every partition of the batch that moves forward, rows or not, so the
    // table's txn always says how far the batch was consumed.
    const progress = new PartitionProgress();
    for (const p of partitions) if (p.lastOffset > (writtenUpTo.get(p) as number)) progress.record(p.topic, p.partition, String(p.lastOffset));
    const claims = progress.claims(writers.group).map((claim) => ({ ...claim, expectedVersion: versions.get(claim.appId) ?? -1 }));
    if (claims.length === 0 || (fresh.length === 0 && !options.commitWithoutRows)) {
      return { version: undefined, skipped: rows.length - fresh.length };
    }
    try {
      const { version } = await table.append(
        fresh.map((f) => f.row),
        claims,
      );
      return { version, skipped: rows.length - fresh.length };
    } catch (error) {
      // Each attempt starts again from the table's latest state (its txns, schema and properties).
      if (!(error instanceof TxnConflictError || error instanceof TableChangedError) || attempt >= attempts) throw error;
    }
  }
}
