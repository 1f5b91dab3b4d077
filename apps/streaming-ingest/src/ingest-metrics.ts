import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommittedBatch } from '@music/ingest';

/** The Prometheus metrics of one ingest process. */
export class IngestMetrics {
  readonly registry = new Registry();
  private readonly events = new Counter({ name: 'ingest_events_total', help: 'Records consumed, by result', labelNames: ['result'], registers: [this.registry] });
  private readonly deadLetters = new Counter({ name: 'ingest_dead_letters_total', help: 'Records sent to the dead-letter topic', registers: [this.registry] });
  private readonly batchSize = new Histogram({
    name: 'ingest_batch_records',
    help: 'Records per micro-batch',
    buckets: [10, 100, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000],
    registers: [this.registry],
  });
  private readonly commitLatency = new Histogram({
    name: 'ingest_commit_seconds',
    help: 'Time to commit a micro-batch to the lake (quarantine + bronze)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  private readonly tableVersion = new Gauge({ name: 'ingest_table_version', help: 'Latest committed Delta version', labelNames: ['table'], registers: [this.registry] });
  readonly consumerLag = new Gauge({ name: 'ingest_consumer_lag', help: 'Records behind the log end, per partition', labelNames: ['partition'], registers: [this.registry] });
  /** Rows deleted because their listener was erased while the batch that wrote them was in flight. */
  private readonly erasedLate = new Counter({
    name: 'ingest_erased_rows_deleted_total',
    help: 'Rows of listeners erased while the batch that wrote them was in flight, deleted from bronze and quarantine before the next batch',
    registers: [this.registry],
  });
  /** Records the topic deleted (retention, deleteRecords) before the ingest could read them. */
  readonly recordsLost = new Counter({
    name: 'ingest_records_lost_total',
    help: 'Records Kafka deleted before the ingest read them (retention or deleteRecords), per partition',
    labelNames: ['partition'],
    registers: [this.registry],
  });
  private readonly lastCommit = new Gauge({ name: 'ingest_last_commit_timestamp_seconds', help: 'When the last batch was committed', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordBatch(batch: CommittedBatch): void {
    const { outcome } = batch;
    this.events.inc({ result: 'valid' }, outcome.valid);
    this.events.inc({ result: 'invalid' }, outcome.invalid);
    this.events.inc({ result: 'already_written' }, outcome.alreadyWritten);
    this.events.inc({ result: 'erased' }, outcome.erased);
    this.erasedLate.inc(outcome.erasedLate);
    this.deadLetters.inc(outcome.invalid);
    this.batchSize.observe(outcome.records);
    this.commitLatency.observe(batch.commitMs / 1000);
    if (outcome.bronzeVersion !== undefined) this.tableVersion.set({ table: 'bronze' }, outcome.bronzeVersion);
    if (outcome.quarantineVersion !== undefined) this.tableVersion.set({ table: 'quarantine' }, outcome.quarantineVersion);
    this.lastCommit.set(Date.now() / 1000);
  }
}
