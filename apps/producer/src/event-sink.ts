import type { RecordBatch } from './record-batch';

/** One Kafka record as the producer sends it: keyed by user so a listener's events stay in order. */
export interface OutgoingRecord {
  key: string;
  value: Buffer;
  headers: Readonly<Record<string, string>>;
}

/**
 * Where produced records go: a Kafka client adapter, or an NDJSON file for `--out`. `send`
 * resolves only once every record of the batch is durably accepted (acks=all for Kafka) and
 * rejects otherwise; the caller counts a record as delivered only then.
 */
export interface EventSink {
  /** For logs and errors, e.g. `Kafka 127.0.0.1:19092, topic listening-events (kafkajs)`. */
  readonly description: string;
  /** Connects and prepares the destination (creates the topic when missing). */
  open(): Promise<void>;
  send(batch: RecordBatch): Promise<void>;
  /** Waits until everything sent so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Delivery failed for good (after the client's retries): nothing of the failed batch is counted. */
export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

export type CompressionCodec = 'none' | 'gzip';
export const COMPRESSION_CODECS: readonly CompressionCodec[] = ['none', 'gzip'];
