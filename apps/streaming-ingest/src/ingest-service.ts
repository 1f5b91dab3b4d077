import { ingestAppId, IngestRunner, resumeOffset, type BronzeAppender, type CommittedBatch, type TableAppender } from '@music/ingest';
import type { QuarantineRow } from '@music/tables';
import type { Logger } from '@music/logger';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import type { IngestConfig } from './config';
import type { IngestMetrics } from './ingest-metrics';
import { KafkaDeadLetterSink } from './kafka-dead-letter-sink';
import { toConsumedRecord } from './kafka-record';

export interface IngestServiceDeps {
  config: IngestConfig;
  log: Logger;
  kafka: Kafka;
  bronze: BronzeAppender;
  quarantine: TableAppender<QuarantineRow>;
  metrics: IngestMetrics;
  /** Table maintenance (OPTIMIZE of closed partitions), run between batch commits. */
  maintenance?: () => Promise<void>;
}

/**
 * Kafka → bronze/quarantine, exactly once. Offsets live in the tables' txn actions; on every
 * partition assignment the consumer seeks to them, and Kafka's committed offsets are written
 * after each commit only as a hint for tools. Replays are harmless: writeBatch drops what the
 * tables already hold.
 */
export class IngestService {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly runner: IngestRunner;
  private crashed: Error | undefined;
  /** Settles once the partitions of the last group join are positioned where bronze says. */
  private positioned: Promise<void> = Promise.resolve();
  private stopping = false;
  private maintenanceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: IngestServiceDeps) {
    const { config, kafka } = deps;
    this.consumer = kafka.consumer({ groupId: config.INGEST_GROUP, allowAutoTopicCreation: false, maxBytes: 50 * 1024 * 1024 });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    this.runner = new IngestRunner({
      limits: { maxRecords: config.INGEST_BATCH_MAX_RECORDS, maxBytes: config.INGEST_BATCH_MAX_BYTES, maxWaitMs: config.INGEST_BATCH_MAX_WAIT_MS },
      writers: {
        group: config.INGEST_GROUP,
        bronze: deps.bronze,
        quarantine: deps.quarantine,
        deadLetters: new KafkaDeadLetterSink(this.producer, config.INGEST_DLQ_TOPIC),
        now: () => new Date(),
      },
      log: deps.log,
      onCommitted: (batch) => this.afterCommit(batch),
    });
  }

  unhealthyReason(): string | undefined {
    if (this.runner.failed) return `writer failed: ${this.runner.failed.message}`;
    if (this.crashed) return `consumer crashed: ${this.crashed.message}`;
    return undefined;
  }

  async start(): Promise<void> {
    const { config, log, kafka } = this.deps;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [config.INGEST_TOPIC, config.INGEST_DLQ_TOPIC].filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: 6, replicationFactor: 1 })) });
      }
    } finally {
      await admin.disconnect();
    }
    // The dead-letter producer (idempotent: it waits for a producer id) connects while the consumer does.
    await Promise.all([this.producer.connect(), this.consumer.connect()]);
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[config.INGEST_TOPIC] ?? [];
      // Consuming from an unknown position could skip records: a failure here stops the ingest.
      this.positioned = this.seekToCommitted(partitions).catch((error: unknown) => {
        this.crashed = new Error('could not seek to the offsets recorded in bronze', { cause: error });
        log.error({ err: error }, 'could not seek to the offsets recorded in bronze');
      });
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.crashed = payload.error;
      log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
    });
    await this.consumer.subscribe({ topic: config.INGEST_TOPIC, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // A batch fetched before the seek of the last join is stale once the seek is made.
        await this.positioned;
        if (this.crashed) return;
        const records = [];
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          records.push(toConsumedRecord(batch.topic, batch.partition, message));
        }
        // Offsets are resolved up to the last record taken, once per fetched batch.
        const last = records.at(-1);
        if (last) resolveOffset(last.offset);
        this.deps.metrics.consumerLag.set({ partition: String(batch.partition) }, Number(batch.offsetLag()));
        // Blocks while the writer lags: kafkajs fetches no more for us meanwhile.
        await this.runner.accept(records);
        await heartbeat();
      },
    });
    log.info({ topic: config.INGEST_TOPIC, group: config.INGEST_GROUP }, 'ingest consuming');
    const { maintenance } = this.deps;
    if (maintenance && config.INGEST_OPTIMIZE_INTERVAL_MS > 0) {
      this.maintenanceTimer = setInterval(() => void this.runner.schedule('compact bronze and quarantine partitions', maintenance), config.INGEST_OPTIMIZE_INTERVAL_MS);
      this.maintenanceTimer.unref();
    }
  }

  /** Stops fetching, commits what was accepted, and disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { log } = this.deps;
    clearInterval(this.maintenanceTimer);
    await this.consumer.stop();
    try {
      await this.runner.drain();
    } catch (error) {
      log.error({ err: error }, 'the last batch could not be committed; it will be re-read on restart');
    }
    await this.consumer.disconnect();
    await this.producer.disconnect();
    log.info('ingest stopped');
  }

  /**
   * Seeks every assigned partition to where bronze says the group stopped. A partition bronze has
   * no offset for is read from the start of the log: the group's offsets in Kafka may come from
   * another lake (a new or rebuilt one), and skipping to them would lose what came before.
   */
  private async seekToCommitted(partitions: readonly number[]): Promise<void> {
    const { config, bronze, log, kafka } = this.deps;
    const appIdOf = (partition: number) => ingestAppId(config.INGEST_GROUP, config.INGEST_TOPIC, partition);
    const versions = await bronze.txnVersions(partitions.map(appIdOf));
    const recorded = new Map(partitions.map((partition) => [partition, resumeOffset(versions.get(appIdOf(partition)))]));
    const starts = new Map<number, string>();
    if ([...recorded.values()].includes(undefined)) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        for (const { partition, low } of await admin.fetchTopicOffsets(config.INGEST_TOPIC)) starts.set(partition, low);
      } finally {
        await admin.disconnect();
      }
    }
    for (const [partition, resume] of recorded) {
      const offset = resume ?? starts.get(partition);
      if (offset === undefined) continue;
      this.consumer.seek({ topic: config.INGEST_TOPIC, partition, offset });
      if (resume !== undefined) log.info({ partition, offset }, 'resuming from the offset recorded in bronze');
      else log.info({ partition, offset }, 'bronze has no offset for this partition: reading it from the start of the log');
    }
  }

  private async afterCommit(batch: CommittedBatch): Promise<void> {
    this.deps.metrics.recordBatch(batch);
    // The last record seen per partition (a hint: after a rebalance it may lag, the tables decide).
    const last = new Map<string, { topic: string; partition: number; offset: string }>();
    for (const r of batch.records) last.set(`${r.topic}:${r.partition}`, r);
    const next = [...last.values()].map((r) => ({ topic: r.topic, partition: r.partition, offset: (BigInt(r.offset) + 1n).toString() }));
    try {
      await this.consumer.commitOffsets(next);
    } catch (error) {
      // Only a hint (the tables hold the truth); a revoked partition cannot be committed here.
      this.deps.log.debug({ err: error }, 'kafka offset hint not committed');
    }
  }
}
