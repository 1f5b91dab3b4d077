export type {
  ActionKind,
  AddAction,
  CdcAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  DeltaAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from './actions';
export type { PropertiesOptions, PropertiesResult } from './alter-table-properties';
export type { CheckpointWritten } from './checkpoint-writer';
export { InvalidTableDefinitionError, type TableDefinition } from './create-table';
export type { FileLocation } from './data-file-paths';
export {
  AppendOnlyTableError,
  CommitConflictError,
  CommitOutcomeUnknownError,
  DeltaError,
  InvalidDeltaLogError,
  MetadataChangedError,
  QueryWriteError,
  ReadOnlySnapshotError,
  ReplaceWhereMismatchError,
  SchemaMismatchError,
  TableAlreadyExistsError,
  TableNotFoundError,
  TxnVersionMismatchError,
  UnsupportedTableFeatureError,
  VacuumRetentionError,
  VersionNotFoundError,
  type TableOperation,
} from './delta-errors';
export {
  decimalPrecisionScale,
  isDecimalType,
  parseSchemaString,
  SchemaParseError,
  serializeSchema,
  type ArrayType,
  type DataType,
  type DecimalTypeName,
  type MapType,
  type PrimitiveTypeName,
  type StructField,
  type StructType,
} from './delta-schema';
export {
  DeltaTable,
  type CheckpointOutcome,
  type DeltaTableOptions,
  type OpenOptions,
  type SnapshotTarget,
  type TableAppendResult,
  type WithCheckpoint,
  type WriteData,
} from './delta-table';
export type { DeleteMetrics, DeleteOptions, DeleteResult } from './delete-rows';
export { DuckDBSession, type DuckDBSessionOptions } from './duckdb-session';
export type { ColumnStatistics, FileStats, StatsCounts, StatsValues } from './file-stats';
export { jsonLinesQuery } from './json-lines-query';
export { CacheCapacityError, DEFAULT_CACHE_MAX_BYTES } from './local-file-cache';
export type { LogCleanupOptions, LogCleanupResult } from './log-cleanup';
export { DEFAULT_OPTIMIZE_TARGET_SIZE, type OptimizeMetrics, type OptimizeOptions, type OptimizeResult } from './optimize';
export type { PreparedDataFile } from './prepared-files';
export { SUPPORTED_FEATURES } from './protocol-support';
export { formatDate, formatTimestamp, type DeltaScalar } from './scalar-values';
export type { ScanOptions, ScanPlan } from './scan';
export { InvalidScanFilterError, type ScanPredicate } from './scan-filter';
export type { LiveFile, Snapshot } from './snapshot';
export { parquetCodec, TablePropertyError } from './table-properties';
export { WRITABLE_TYPES, type WritableType } from './row-validation';
export type { AppendFilesOptions, AppendOptions, AppendResult, OverwriteOptions, OverwriteResult, QueryOverwriteOptions, QueryWriteOptions, TxnRequest, WriteOptions } from './transaction';
export type { VacuumedFile, VacuumOptions, VacuumResult } from './vacuum';
export { sweepDeadScratchDirectories, withScratchDirectory } from './scratch-directory';
export { ParquetColumnEncoder, type EncodedCodec, type EncodedColumnKind, type EncodedColumnPages } from './parquet-column-encoder';
export { encodedDataFiles, type EncodedColumn, type EncodedPartition } from './encoded-data-files';
