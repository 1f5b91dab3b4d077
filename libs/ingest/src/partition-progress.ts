import { ingestAppId } from '@music/tables';

/**
 * Exactly-once bookkeeping: the Kafka offsets a batch covers are committed in the same Delta
 * commit as its rows, as one `txn` action per (consumer group, topic, partition) whose version is
 * the last offset written. On start and on every rebalance, a consumer resumes each partition
 * at that version + 1; Kafka's own committed offsets are only a hint.
 */

export interface PartitionRange {
  topic: string;
  partition: number;
  /** First and last offsets in the batch (inclusive), as Kafka gives them: decimal strings. */
  firstOffset: bigint;
  lastOffset: bigint;
}

export interface TxnClaim {
  appId: string;
  /** The last offset of this partition written by the commit. */
  version: number;
  /**
   * The txn version the table must still have for the commit to be valid: the last offset
   * written before this batch (firstOffset − 1), or -1 when nothing was written yet. If another
   * consumer advanced it in the meantime (a rebalance race), the commit must not land.
   */
  expectedVersion: number;
}

/** Tracks, per partition, the offsets a micro-batch covers. */
export class PartitionProgress {
  private readonly ranges = new Map<string, PartitionRange>();

  record(topic: string, partition: number, offset: string): void {
    const key = `${topic}\u0000${partition}`;
    const at = BigInt(offset);
    const range = this.ranges.get(key);
    if (!range) {
      this.ranges.set(key, { topic, partition, firstOffset: at, lastOffset: at });
      return;
    }
    // After a rebalance the consumer may re-read offsets the open batch already holds.
    if (at < range.firstOffset) range.firstOffset = at;
    if (at > range.lastOffset) range.lastOffset = at;
  }

  partitions(): PartitionRange[] {
    return [...this.ranges.values()];
  }

  /** The txn actions that make this batch's commit exactly-once. */
  claims(group: string): TxnClaim[] {
    return this.partitions().map((r) => ({
      appId: ingestAppId(group, r.topic, r.partition),
      version: Number(r.lastOffset),
      expectedVersion: Number(r.firstOffset) - 1,
    }));
  }
}

/** Where to resume a partition given the table's txn version for it (undefined: never written). */
export function resumeOffset(txnVersion: number | undefined): string | undefined {
  return txnVersion === undefined ? undefined : String(txnVersion + 1);
}
