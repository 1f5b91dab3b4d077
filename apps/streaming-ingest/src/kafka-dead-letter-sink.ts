import type { DeadLetterRecord, DeadLetterSink } from '@music/ingest';
import { CompressionTypes, type Producer } from 'kafkajs';

/** Sends rejected records to the dead-letter topic, acks=all, keyed as the original. */
export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async send(records: readonly DeadLetterRecord[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
    });
  }
}
