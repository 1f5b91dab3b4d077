import { ingestAppId, IngestRunner, resumeOffset, retentionGap, type BronzeAppender, type CommittedBatch, type ErasedListeners, type TableAppender } from '@music/ingest';
import type { QuarantineRow } from '@music/tables';
import type { Logger } from '@music/logger';
import { Partitioners, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import type { IngestConfig } from './config';
import type { IngestMetrics } from './ingest-metrics';
import { KafkaDeadLetterSink } from './kafka-dead-letter-sink';
import { ensureTopics, retryWhileNotReady } from '@music/kafka-topics';
import { toConsumedRecord } from './kafka-record';

export interface IngestServiceDeps {
  config: IngestConfig;
  log: Logger;
  kafka: Kafka;
  bronze: BronzeAppender;
  quarantine: TableAppender<QuarantineRow>;
  /** Listeners erased under the GDPR, whose records are kept out of the lake. */
  erased?: ErasedListeners;
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
  /** Asks where partitions' logs start when records resume past the expected offset. */
  private readonly admin: Admin;
  private readonly runner: IngestRunner;
  private crashed: Error | undefined;
  /** Settles once the partitions of the last group join are positioned where bronze says. */
  private positioned: Promise<void> = Promise.resolve();
  private stopping = false;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  /** Per assigned partition, the offset the next record should have (from bronze at each join, then from what was taken). */
  private readonly nextOffsets = new Map<number, bigint>();

  constructor(private readonly deps: IngestServiceDeps) {
    const { config, kafka } = deps;
    this.consumer = kafka.consumer({ groupId: config.INGEST_GROUP, allowAutoTopicCreation: false, maxBytes: 50 * 1024 * 1024 });
    this.admin = kafka.admin();
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    this.runner = new IngestRunner({
      limits: { maxRecords: config.INGEST_BATCH_MAX_RECORDS, maxBytes: config.INGEST_BATCH_MAX_BYTES, maxWaitMs: config.INGEST_BATCH_MAX_WAIT_MS },
      writers: {
        group: config.INGEST_GROUP,
        bronze: deps.bronze,
        quarantine: deps.quarantine,
        deadLetters: new KafkaDeadLetterSink(this.producer, config.INGEST_DLQ_TOPIC),
        now: () => new Date(),
        ...(deps.erased ? { erased: deps.erased } : {}),
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
    const { config, log } = this.deps;
    await this.admin.connect();
    await ensureTopics(this.admin, [config.INGEST_TOPIC, config.INGEST_DLQ_TOPIC], { partitions: 6, log });
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
        const first = records[0];
        if (first) await this.reportDeletedRecords(batch.partition, BigInt(first.offset));
        // Offsets are resolved up to the last record taken, once per fetched batch.
        const last = records.at(-1);
        if (last) {
          resolveOffset(last.offset);
          this.nextOffsets.set(batch.partition, BigInt(last.offset) + 1n);
        }
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
    await this.admin.disconnect();
    log.info('ingest stopped');
  }

  /**
   * Seeks every assigned partition to where bronze says the group stopped. A partition bronze has
   * no offset for is read from the start of the log: the group's offsets in Kafka may come from
   * another lake (a new or rebuilt one), and skipping to them would lose what came before.
   */
  private async seekToCommitted(partitions: readonly number[]): Promise<void> {
    const { config, bronze, log } = this.deps;
    const appIdOf = (partition: number) => ingestAppId(config.INGEST_GROUP, config.INGEST_TOPIC, partition);
    const versions = await bronze.txnVersions(partitions.map(appIdOf));
    const recorded = new Map(partitions.map((partition) => [partition, resumeOffset(versions.get(appIdOf(partition)))]));
    const starts = new Map<number, string>();
    if ([...recorded.values()].includes(undefined)) {
      const offsets = await retryWhileNotReady('reading where the partitions start: Kafka is not ready yet, retrying', () => this.admin.fetchTopicOffsets(config.INGEST_TOPIC), { log, fields: { topic: config.INGEST_TOPIC } });
      for (const { partition, low } of offsets) starts.set(partition, low);
    }
    this.nextOffsets.clear();
    for (const [partition, resume] of recorded) {
      const offset = resume ?? starts.get(partition);
      if (offset === undefined) continue;
      this.consumer.seek({ topic: config.INGEST_TOPIC, partition, offset });
      this.nextOffsets.set(partition, BigInt(offset));
      if (resume !== undefined) log.info({ partition, offset }, 'resuming from the offset recorded in bronze');
      else log.info({ partition, offset }, 'bronze has no offset for this partition: reading it from the start of the log');
    }
  }

  /**
   * When a partition's records resume past the offset expected, asks Kafka where its log now
   * starts: the offsets below it that were never read are gone (retention ran while the ingest
   * was stopped or behind; the consumer restarted at the log start). They cannot be recovered,
   * so they are counted and logged as an error with their exact range, never skipped silently.
   */
  private async reportDeletedRecords(partition: number, firstSeen: bigint): Promise<void> {
    const expected = this.nextOffsets.get(partition);
    if (expected === undefined || firstSeen <= expected) return;
    const { config, log, metrics } = this.deps;
    let logStart: bigint | undefined;
    try {
      const offsets = await this.admin.fetchTopicOffsets(config.INGEST_TOPIC);
      const low = offsets.find((entry) => entry.partition === partition)?.low;
      logStart = low === undefined ? undefined : BigInt(low);
    } catch (error) {
      log.warn({ err: error, partition, expected: String(expected), firstSeen: String(firstSeen) }, 'records resumed past the expected offset, and Kafka could not say whether some were deleted');
    }
    if (logStart === undefined) return;
    const gap = retentionGap(partition, expected, firstSeen, logStart);
    if (!gap) return;
    metrics.recordsLost.inc({ partition: String(partition) }, Number(gap.records));
    log.error(
      { topic: config.INGEST_TOPIC, partition, fromOffset: String(gap.from), toOffset: String(gap.to - 1n), records: Number(gap.records) },
      'records deleted by Kafka (topic retention) before the ingest read them: they are not in bronze and cannot be recovered',
    );
  }

  private async afterCommit(batch: CommittedBatch): Promise<void> {
    this.deps.metrics.recordBatch(batch);
    if (batch.outcome.erasedLate > 0) {
      this.deps.log.info({ rows: batch.outcome.erasedLate }, 'deleted the rows the previous batch wrote of listeners erased while it was in flight');
    }
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
