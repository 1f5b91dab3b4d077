import { CompressionTypes, Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@music/logger';
import { ensureTopics } from '@music/kafka-topics';
import { DeliveryError, type EventSink } from './event-sink';
import { brokersUnreachable, onKafka, type KafkaSinkSettings } from './kafka-sink-settings';
import type { RecordBatch } from './record-batch';

const ACKS_ALL = -1;

/** kafkajs logs through our logger, at the same levels. */
function kafkajsLogs(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, ...extra } = log;
      // We bound retries on purpose (a dead cluster must fail the run, not hang it); the client's
      // warning about that is expected, so it stays out of the operator's way.
      if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug({ kafkajs: namespace }, message);
      const fields = { kafkajs: namespace, ...extra };
      if (level === logLevel.ERROR) logger.warn(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.debug(fields, message);
      else logger.trace(fields, message);
    };
}

/**
 * Kafka through kafkajs: idempotent producer, acks=all, keys hashed like the Java client (so both
 * adapters put a user on the same partition), gzip or no compression (kafkajs has no built-in lz4).
 */
export class KafkajsSink implements EventSink {
  readonly description: string;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private admin: Admin | undefined;
  private connected = false;
  /** Records share one headers object per event type: encode its values once, not per record. */
  private readonly wireHeaders = new WeakMap<object, Record<string, Buffer>>();

  constructor(private readonly settings: KafkaSinkSettings) {
    this.description = `Kafka ${settings.brokers.join(',')}, topic ${settings.topic} (kafkajs, compression ${settings.compression})`;
    const retry = { retries: settings.retries, initialRetryTime: settings.retryInitialMs, maxRetryTime: settings.retryMaxMs };
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      connectionTimeout: settings.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      retry,
      logLevel: logLevel.INFO,
      logCreator: kafkajsLogs(settings.logger),
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry,
      allowAutoTopicCreation: false,
      // The Java client's murmur2 partitioning, named explicitly (kafkajs warns when it is implicit).
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async open(): Promise<void> {
    const { topic, partitions } = this.settings;
    try {
      this.admin = this.kafka.admin();
      await this.admin.connect();
      // kafkajs's own wait for leaders fails while a fresh broker's metadata lags the creation (see ensureTopics).
      const metadata = await ensureTopics(this.admin, [topic], { partitions, log: this.settings.logger });
      const existing = metadata.topics[0]?.partitions.length ?? 0;
      if (existing !== partitions) this.settings.logger.warn({ topic, existing, requested: partitions }, 'the topic already exists with another number of partitions; keeping it');
      await this.producer.connect();
      this.connected = true;
    } catch (error) {
      await this.close();
      throw new DeliveryError(brokersUnreachable(this.settings, 'Could not connect or create the topic'), { cause: error });
    }
  }

  async send(batch: RecordBatch): Promise<void> {
    const messages = new Array<{ key: string; value: Buffer; headers: Record<string, Buffer> }>(batch.length);
    for (let i = 0; i < batch.length; i++) messages[i] = { key: batch.keys[i] as string, value: batch.value(i), headers: this.headersOf(batch.headers[i] as Readonly<Record<string, string>>) };
    try {
      await this.producer.send({
        topic: this.settings.topic,
        acks: ACKS_ALL,
        compression: this.settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        messages,
      });
    } catch (error) {
      throw new DeliveryError(onKafka(this.settings, `Could not deliver a batch of ${batch.length} records`), { cause: error });
    }
  }

  private headersOf(headers: Readonly<Record<string, string>>): Record<string, Buffer> {
    let wire = this.wireHeaders.get(headers);
    if (wire === undefined) {
      wire = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));
      this.wireHeaders.set(headers, wire);
    }
    return wire;
  }

  async flush(): Promise<void> {
    // kafkajs has no client-side buffer: every send() has resolved once its records are acknowledged.
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch((error: unknown) => this.settings.logger.debug({ err: error }, 'admin disconnect failed'));
    if (this.connected) {
      this.connected = false;
      await this.producer.disconnect().catch((error: unknown) => this.settings.logger.debug({ err: error }, 'producer disconnect failed'));
    }
  }
}
