import { Admin, compatibilityPartitioner, ProduceAcks, Producer, stringSerializer } from '@platformatic/kafka';

type WireHeaders = Map<Buffer, Buffer>;
import { DeliveryError, type EventSink } from './event-sink';
import { brokersUnreachable, onKafka, type KafkaSinkSettings } from './kafka-sink-settings';
import type { RecordBatch } from './record-batch';

/**
 * Kafka through @platformatic/kafka: idempotent producer, acks=all, the Java client's key hashing
 * (the same partitions as the kafkajs adapter), gzip or no compression.
 */
export class PlatformaticSink implements EventSink {
  readonly description: string;
  private readonly producer: Producer<string, Buffer, Buffer, Buffer>;
  /** Records share one headers object per event type: serialise each once, not once per record. */
  private readonly wireHeaders = new WeakMap<object, WireHeaders>();
  private readonly admin: Admin;
  private closed = false;

  constructor(private readonly settings: KafkaSinkSettings) {
    this.description = `Kafka ${settings.brokers.join(',')}, topic ${settings.topic} (@platformatic/kafka, compression ${settings.compression})`;
    const common = {
      clientId: settings.clientId,
      bootstrapBrokers: [...settings.brokers],
      retries: settings.retries,
      // Exponential backoff between attempts, bounded like the kafkajs adapter's.
      retryDelay: (_client: unknown, _operation: string, attempt: number) => Math.min(settings.retryMaxMs, settings.retryInitialMs * 2 ** Math.max(0, attempt - 1)),
      connectTimeout: settings.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      timeout: settings.requestTimeoutMs,
    };
    this.admin = new Admin(common);
    this.producer = new Producer<string, Buffer, Buffer, Buffer>({
      ...common,
      idempotent: true,
      acks: ProduceAcks.ALL,
      compression: settings.compression,
      autocreateTopics: false,
      partitioner: compatibilityPartitioner,
      serializers: { key: stringSerializer },
    });
  }

  async open(): Promise<void> {
    const { topic, partitions } = this.settings;
    try {
      try {
        await this.admin.createTopics({ topics: [topic], partitions, replicas: 1 });
      } catch (error) {
        // Most likely "already exists" (another producer, an earlier run): the metadata decides.
        const metadata = await this.admin.metadata({ topics: [topic] }).catch(() => undefined);
        const existing = metadata?.topics.get(topic)?.partitionsCount;
        if (existing === undefined) throw error;
        if (existing !== partitions) this.settings.logger.warn({ topic, existing, requested: partitions }, 'the topic already exists with another number of partitions; keeping it');
      }
      await this.producer.metadata({ topics: [topic] });
    } catch (error) {
      await this.close();
      throw new DeliveryError(brokersUnreachable(this.settings, 'Could not connect or create the topic'), { cause: error });
    }
  }

  async send(batch: RecordBatch): Promise<void> {
    const topic = this.settings.topic;
    const messages = new Array<{ topic: string; key: string; value: Buffer; headers: WireHeaders }>(batch.length);
    for (let i = 0; i < batch.length; i++) messages[i] = { topic, key: batch.keys[i] as string, value: batch.value(i), headers: this.headersOf(batch.headers[i] as Readonly<Record<string, string>>) };
    try {
      await this.producer.send({ messages });
    } catch (error) {
      throw new DeliveryError(onKafka(this.settings, `Could not deliver a batch of ${batch.length} records`), { cause: error });
    }
  }

  private headersOf(headers: Readonly<Record<string, string>>): WireHeaders {
    let wire = this.wireHeaders.get(headers);
    if (wire === undefined) {
      wire = new Map(Object.entries(headers).map(([name, value]) => [Buffer.from(name, 'utf8'), Buffer.from(value, 'utf8')]));
      this.wireHeaders.set(headers, wire);
    }
    return wire;
  }

  async flush(): Promise<void> {
    // send() resolves once the broker acknowledged the whole batch: nothing is buffered client-side.
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.producer.close(true), this.admin.close()]);
  }
}
