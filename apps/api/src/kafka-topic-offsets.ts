import type { PartitionOffsets, TopicOffsetsSource } from '@music/gold-queries';
import type { Admin, Kafka } from 'kafkajs';

/**
 * The events topic's watermarks from a kafkajs admin client, for /v1/pipeline: asked at most once
 * per `maxAgeMs` (the endpoint may be polled hard), concurrent callers sharing one request, and a
 * failure kept as long as an answer (Kafka down must not cost every request a timeout). The
 * client connects on first use and again after a failure, so the API starts and serves gold while
 * Kafka is down.
 */
export class KafkaTopicOffsets implements TopicOffsetsSource {
  private admin: Admin | undefined;
  private last: { at: number; offsets: Promise<readonly PartitionOffsets[]> } | undefined;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
    readonly group: string,
    private readonly maxAgeMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  offsets(): Promise<readonly PartitionOffsets[]> {
    const at = this.now();
    if (this.last && at - this.last.at < this.maxAgeMs) return this.last.offsets;
    const offsets = this.fetch();
    // Callers handle the failure; the cached promise must not count as unhandled meanwhile.
    offsets.catch(() => undefined);
    this.last = { at, offsets };
    return offsets;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect();
  }

  private async fetch(): Promise<readonly PartitionOffsets[]> {
    try {
      if (!this.admin) {
        const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
        await admin.connect();
        this.admin = admin;
      }
      const offsets = await this.admin.fetchTopicOffsets(this.topic);
      return offsets.map(({ partition, low, high }) => ({ partition, low: Number(low), high: Number(high) }));
    } catch (error) {
      await this.close().catch(() => undefined);
      throw error;
    }
  }
}
