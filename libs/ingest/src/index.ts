export { MicroBatcher, systemClock, type BatchLimits, type ClosedBatch, type Clock } from './micro-batcher';
export { ingestAppId, PartitionProgress, resumeOffset, type PartitionRange, type TxnClaim } from './partition-progress';
export { toDeadLetter, type DeadLetterRecord, type DeadLetterSink } from './dead-letter';
export { TxnConflictError, type BronzeAppender, type TableAppender, type ValidRecord, type ValidRecordAppender } from './table-appender';
export { writeBatch, type BatchOutcome, type BatchWriters, type ConsumedRecord } from './ingest-batch';
export { IngestRunner, type CommittedBatch, type IngestRunnerOptions } from './ingest-runner';
export { DeltaTableAppender, type DeltaTableAppenderOptions } from './delta-table-appender';
export { DeltaBronzeAppender } from './delta-bronze-appender';
export { compactIngestTables, type IngestCompactionOptions, type IngestTable } from './ingest-table-compaction';
