import type { PipelineResponse } from '@music/metrics-contract';
import { bronzeNextOffset } from '@music/tables';

/** Kafka's watermarks of one partition: the first offset it still holds and the next one it will give. */
export interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

/** Kafka's side of the consumer lag: the events topic, the ingest group, and the topic's offsets now. */
export interface TopicOffsetsSource {
  readonly topic: string;
  readonly group: string;
  /** Rejects when Kafka cannot be asked. */
  offsets(): Promise<readonly PartitionOffsets[]>;
}

export type ConsumerLag = NonNullable<PipelineResponse['consumer_lag']>;

/**
 * How far bronze is behind the topic, partition by partition: Kafka's high watermark against
 * the offset bronze's txn says the ingest resumes at. Measured on bronze rather than on the
 * group's committed offsets in Kafka, which the ingest only writes as a hint after each commit.
 */
export function consumerLag(txns: ReadonlyMap<string, { version: number }>, source: { topic: string; group: string }, offsets: readonly PartitionOffsets[]): ConsumerLag {
  const partitions = [...offsets]
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, low, high }) => {
      const next = bronzeNextOffset(txns, source.group, source.topic, partition);
      return { partition, end_offset: high, bronze_next_offset: next ?? null, lag: Math.max(0, high - (next ?? low)) };
    });
  return { group: source.group, topic: source.topic, total: partitions.reduce((total, p) => total + p.lag, 0), partitions };
}
