/**
 * Records Kafka deleted before the ingest read them. The ingest expects a partition to continue at
 * the offset after the last one it took (or the one bronze records after a restart). When the
 * next record it gets is further on, the offsets in between are either gone from the log (the
 * topic's retention, or deleteRecords, moved the log start past them while the ingest was behind
 * or stopped: the consumer then restarts at the log start) or were never records (transaction
 * markers, compaction). Only the log start tells which: offsets below it are gone.
 */
export interface RetentionGap {
  partition: number;
  /** First offset never read. */
  from: bigint;
  /** The offset after the last one never read. */
  to: bigint;
  records: bigint;
}

/**
 * The offsets between `expected` and `firstSeen` that lie below the partition's log start, or
 * undefined when there are none (no jump, or a jump over offsets the log still has).
 */
export function retentionGap(partition: number, expected: bigint, firstSeen: bigint, logStart: bigint): RetentionGap | undefined {
  const to = firstSeen < logStart ? firstSeen : logStart;
  if (to <= expected) return undefined;
  return { partition, from: expected, to, records: to - expected };
}
