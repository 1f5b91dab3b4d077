import type { EncodedEvent } from '@music/events';
import type { Logger } from '@music/logger';
import { CompressionTypes, type Producer } from 'kafkajs';

/** Where accepted collector events go. */
export interface EventPublisher {
  publish(events: readonly EncodedEvent[]): Promise<void>;
}

export class PublishUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the event log (Kafka) is unavailable; nothing from this request was accepted', { cause });
    this.name = 'PublishUnavailableError';
  }
}

/** kafkajs, idempotent and acks=all: a request is answered only once its events are durable. */
export class KafkaEventPublisher implements EventPublisher {
  private connected = false;
  private closed = false;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /**
   * Connects in the background, again and again (backoff up to 15 s) until it works or close():
   * the read API does not wait for Kafka, and until then the collector answers 503. Resolves once
   * connected (or closed).
   */
  async start(log: Logger): Promise<void> {
    for (let attempt = 1, delayMs = 500; !this.closed; attempt++, delayMs = Math.min(delayMs * 2, 15_000)) {
      try {
        await this.producer.connect();
        this.connected = true;
        if (attempt > 1) log.info({ attempt }, 'collector connected to Kafka');
        return;
      } catch (error) {
        log.warn({ err: error, attempt, retryInMs: delayMs }, 'collector: Kafka unavailable, the collector answers 503 until it connects');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.connected) await this.producer.disconnect();
  }

  async publish(events: readonly EncodedEvent[]): Promise<void> {
    if (!this.connected) throw new PublishUnavailableError(new Error('not connected to Kafka yet'));
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: events.map((e) => ({ key: e.key, value: e.value, headers: e.headers })),
      });
    } catch (error) {
      throw new PublishUnavailableError(error);
    }
  }
}
