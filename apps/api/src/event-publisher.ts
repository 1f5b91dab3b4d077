import type { EncodedEvent } from '@music/events';
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
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(events: readonly EncodedEvent[]): Promise<void> {
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
