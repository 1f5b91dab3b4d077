export { MicroBatcher, systemClock, type BatchLimits, type ClosedBatch, type Clock } from './micro-batcher';
export { ingestAppId, PartitionProgress, resumeOffset, type PartitionRange, type TxnClaim } from './partition-progress';
export { toDeadLetter, type DeadLetterRecord, type DeadLetterSink } from './dead-letter';
export { TxnConflictError, type TableAppender } from './table-appender';
export { writeBatch, type BatchOutcome, type BatchWriters, type ConsumedRecord } from './ingest-batch';
export { IngestRunner, type CommittedBatch, type IngestRunnerOptions } from './ingest-runner';
export { DeltaTableAppender } from './delta-table-appender';
