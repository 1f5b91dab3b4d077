import type { Logger } from '@music/logger';
import { writeBatch, type BatchOutcome, type BatchWriters, type ConsumedRecord } from './ingest-batch';
import { MicroBatcher, systemClock, type BatchLimits, type ClosedBatch, type Clock } from './micro-batcher';

export interface CommittedBatch {
  outcome: BatchOutcome;
  records: readonly ConsumedRecord[];
  closedBy: ClosedBatch<ConsumedRecord>['reason'];
  /** From batch close to both commits done, ms. */
  commitMs: number;
  /** Age of the batch's first record when it closed, ms. */
  batchAgeMs: number;
}

export interface IngestRunnerOptions {
  limits: BatchLimits;
  writers: BatchWriters;
  log: Logger;
  /** Called after each batch is committed (metrics, Kafka offset hints). */
  onCommitted?: (batch: CommittedBatch) => Promise<void> | void;
  /** Closed batches allowed to wait for the writer before `accept` blocks the consumer. */
  maxPendingBatches?: number;
  clock?: Clock;
}

/**
 * Turns a stream of consumed records into exactly-once commits: records are grouped into
 * micro-batches (size or time), written one batch at a time, and `accept` blocks while the writer
 * lags, which stops the consumer from fetching (backpressure). A failed write stops the runner:
 * the process should exit and restart, resuming from the tables' txn offsets.
 */
export class IngestRunner {
  private readonly batcher: MicroBatcher<ConsumedRecord>;
  private readonly pending: ClosedBatch<ConsumedRecord>[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly maxPending: number;

  constructor(private readonly options: IngestRunnerOptions) {
    this.maxPending = options.maxPendingBatches ?? 1;
    this.batcher = new MicroBatcher<ConsumedRecord>(options.limits, (batch) => this.enqueue(batch), options.clock ?? systemClock);
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Batches closed but not yet committed. */
  get backlog(): number {
    return this.pending.length;
  }

  async accept(records: readonly ConsumedRecord[]): Promise<void> {
    this.throwIfFailed();
    for (const record of records) this.batcher.add(record, (record.value?.byteLength ?? 0) + (record.key?.byteLength ?? 0));
    while (this.pending.length > this.maxPending) {
      await this.writing;
      this.throwIfFailed();
    }
  }

  /** Closes the open batch and waits until everything accepted so far is committed. */
  async drain(): Promise<void> {
    this.batcher.drain();
    while (this.pending.length > 0) await this.writing;
    await this.writing;
    this.throwIfFailed();
  }

  /**
   * Runs `task` between two batch commits (never during one), e.g. table maintenance. A failing
   * task is logged and does not stop ingestion.
   */
  schedule(name: string, task: () => Promise<void>): Promise<void> {
    const run = this.writing.then(async () => {
      const started = Date.now();
      try {
        await task();
        this.options.log.info({ task: name, ms: Date.now() - started }, 'maintenance done');
      } catch (error) {
        this.options.log.warn({ err: error, task: name }, 'maintenance failed; will retry at the next interval');
      }
    });
    this.writing = run;
    return run;
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error('the ingest writer failed; restart to resume from the committed offsets', { cause: this.failure });
  }

  private enqueue(batch: ClosedBatch<ConsumedRecord>): void {
    this.pending.push(batch);
    this.writing = this.writing.then(() => this.writeNext());
  }

  private async writeNext(): Promise<void> {
    const batch = this.pending[0];
    if (!batch || this.failure) {
      this.pending.shift();
      return;
    }
    const started = Date.now();
    try {
      const outcome = await writeBatch(batch.records, this.options.writers);
      const committed: CommittedBatch = { outcome, records: batch.records, closedBy: batch.reason, commitMs: Date.now() - started, batchAgeMs: batch.ageMs };
      this.options.log.debug({ ...outcome, closedBy: batch.reason, commitMs: committed.commitMs }, 'batch committed');
      await this.options.onCommitted?.(committed);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.options.log.error({ err: this.failure, records: batch.records.length }, 'batch write failed');
    } finally {
      this.pending.shift();
    }
  }
}
