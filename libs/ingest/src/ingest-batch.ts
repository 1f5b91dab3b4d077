import { decodeEvent } from '@music/events';
import { toBronzeRow, toQuarantineRow, type BronzeRow, type QuarantineRow } from '@music/tables';
import { toDeadLetter, type DeadLetterRecord, type DeadLetterSink } from './dead-letter';
import { ingestAppId, PartitionProgress } from './partition-progress';
import { TxnConflictError, type TableAppender } from './table-appender';

/** A record as consumed from Kafka. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface BatchWriters {
  group: string;
  bronze: TableAppender<BronzeRow>;
  quarantine: TableAppender<QuarantineRow>;
  deadLetters: DeadLetterSink;
  now: () => Date;
  /** Attempts at a commit that loses a txn race before giving up (the batch is then re-read). */
  maxConflictRetries?: number;
}

export interface BatchOutcome {
  records: number;
  valid: number;
  invalid: number;
  /** Records already in the tables (a replay after a crash or a rebalance), not written again. */
  alreadyWritten: number;
  bronzeVersion: number | undefined;
  quarantineVersion: number | undefined;
}


/**
 * Writes one micro-batch exactly once: rows whose offsets the table's txn already covers are
 * dropped, and the commit carries, per partition, the new last offset guarded by the version
 * it was computed against. Quarantine is committed before bronze; bronze's txn decides where a
 * consumer resumes, so a crash between the two replays the batch and each table keeps only what
 * it lacks.
 */
export async function writeBatch(consumed: readonly ConsumedRecord[], writers: BatchWriters): Promise<BatchOutcome> {
  // A rebalance can make the consumer read again offsets this batch already holds: keep one copy.
  const seen = new Set<string>();
  const records = consumed.filter((r) => {
    const key = `${r.topic}\u0000${r.partition}\u0000${r.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ingestedAt = writers.now();
  const bronzeRows: { source: ConsumedRecord; row: BronzeRow }[] = [];
  const quarantineRows: { source: ConsumedRecord; row: QuarantineRow }[] = [];
  const deadLetters: DeadLetterRecord[] = [];
  for (const record of records) {
    const source = { topic: record.topic, partition: record.partition, offset: record.offset };
    const result = decodeEvent(record.value, record.headers);
    if (result.ok) {
      bronzeRows.push({ source: record, row: toBronzeRow(result.event, source, ingestedAt) });
    } else {
      quarantineRows.push({ source: record, row: toQuarantineRow(record.value, result.issues, source, ingestedAt) });
      deadLetters.push(toDeadLetter(record, result.issues, source));
    }
  }
  // Before the quarantine commit: a crash after it resends (at-least-once), never loses.
  if (deadLetters.length > 0) await writers.deadLetters.send(deadLetters);

  // Quarantine's txn only needs to move when it gets rows: bronze's txn decides where consumers resume.
  const quarantine = await appendOnce(writers.quarantine, records, quarantineRows, writers, { commitWithoutRows: false });
  const bronze = await appendOnce(writers.bronze, records, bronzeRows, writers, { commitWithoutRows: true });
  return {
    records: consumed.length,
    valid: bronzeRows.length,
    invalid: quarantineRows.length,
    alreadyWritten: bronze.skipped + quarantine.skipped,
    bronzeVersion: bronze.version,
    quarantineVersion: quarantine.version,
  };
}

async function appendOnce<Row>(
  table: TableAppender<Row>,
  batch: readonly ConsumedRecord[],
  rows: readonly { source: ConsumedRecord; row: Row }[],
  writers: BatchWriters,
  options: { commitWithoutRows: boolean },
): Promise<{ version: number | undefined; skipped: number }> {
  const attempts = (writers.maxConflictRetries ?? 5) + 1;
  const appIds = [...new Set(batch.map((r) => ingestAppId(writers.group, r.topic, r.partition)))];

  for (let attempt = 1; ; attempt += 1) {
    const versions = await table.txnVersions(appIds);
    const writtenUpTo = (r: ConsumedRecord) => versions.get(ingestAppId(writers.group, r.topic, r.partition)) ?? -1;
    const fresh = rows.filter(({ source }) => BigInt(source.offset) > BigInt(writtenUpTo(source)));
    // Claims cover every partition of the batch that moves forward, rows or not, so the
    // table's txn always says how far the batch was consumed.
    const progress = new PartitionProgress();
    for (const r of batch) if (BigInt(r.offset) > BigInt(writtenUpTo(r))) progress.record(r.topic, r.partition, r.offset);
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
      if (!(error instanceof TxnConflictError) || attempt >= attempts) throw error;
    }
  }
}
