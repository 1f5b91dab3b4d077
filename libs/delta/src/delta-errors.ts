/** Base class of every error this library raises on purpose; `table` is the table's root URI. */
export class DeltaError extends Error {
  constructor(
    readonly table: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${table}: ${message}`, options);
    this.name = 'DeltaError';
  }
}

/** The location holds no Delta table (no `_delta_log/` commit or checkpoint). */
export class TableNotFoundError extends DeltaError {
  constructor(table: string, options?: { cause?: unknown }) {
    super(table, 'no Delta table here (no commit or checkpoint under _delta_log/)', options);
    this.name = 'TableNotFoundError';
  }
}

export class TableAlreadyExistsError extends DeltaError {
  constructor(table: string, options?: { cause?: unknown }) {
    super(table, 'a Delta table already exists here (_delta_log/ is not empty)', options);
    this.name = 'TableAlreadyExistsError';
  }
}

/**
 * The log breaks the protocol: an unparsable action, a missing protocol or metaData, a gap in
 * the commit versions, an incomplete checkpoint. `file` is the log file at fault when there is one.
 */
export class InvalidDeltaLogError extends DeltaError {
  constructor(
    table: string,
    readonly file: string | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(table, file === undefined ? detail : `${file}: ${detail}`, options);
    this.name = 'InvalidDeltaLogError';
  }
}

export type TableOperation = 'read' | 'write';

/**
 * The table needs a protocol version or table feature this library does not implement; it is
 * refused rather than misread (or corrupted, for writes).
 */
export class UnsupportedTableFeatureError extends DeltaError {
  constructor(
    table: string,
    readonly operation: TableOperation,
    readonly minReaderVersion: number,
    readonly minWriterVersion: number,
    /** The unsupported features or requirements, e.g. `deletionVectors`, `columnMapping (mode name)`. */
    readonly features: readonly string[],
  ) {
    super(
      table,
      `cannot ${operation} this table: protocol (minReaderVersion ${minReaderVersion}, minWriterVersion ${minWriterVersion}) ` +
        `needs ${features.join(', ')}, which @music/delta does not support (see SUPPORTED_FEATURES)`,
    );
    this.name = 'UnsupportedTableFeatureError';
  }
}

/** Time travel to a version or timestamp the log cannot reconstruct. */
export class VersionNotFoundError extends DeltaError {
  constructor(table: string, detail: string, options?: { cause?: unknown }) {
    super(table, detail, options);
    this.name = 'VersionNotFoundError';
  }
}

/** Data handed to a write does not match the table schema; the table was left unchanged. */
export class SchemaMismatchError extends DeltaError {
  constructor(table: string, detail: string, options?: { cause?: unknown }) {
    super(table, `data does not match the table schema: ${detail}`, options);
    this.name = 'SchemaMismatchError';
  }
}

/**
 * A concurrent commit made ours invalid (protocol or metadata change, same transaction appId), or
 * the retry budget ran out. The table was left unchanged by this writer.
 */
export class CommitConflictError extends DeltaError {
  constructor(
    table: string,
    readonly attemptedVersion: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(table, `commit at version ${attemptedVersion} failed: ${detail}`, options);
    this.name = 'CommitConflictError';
  }
}

/**
 * The conflict of a commit whose base changed under it: a concurrent commit changed the protocol or
 * the metadata (schema, partitioning or properties). Nothing of this commit was written, and the
 * operation may be run again from the new snapshot (Delta Spark's MetadataChangedException).
 */
export class MetadataChangedError extends CommitConflictError {
  constructor(table: string, attemptedVersion: number, detail: string) {
    super(table, attemptedVersion, detail);
    this.name = 'MetadataChangedError';
  }
}

/** A write was attempted on a table opened at a fixed version or timestamp. */
export class ReadOnlySnapshotError extends DeltaError {
  constructor(table: string, version: number) {
    super(table, `opened at version ${version} for time travel; writes need DeltaTable.open without version/timestamp`);
    this.name = 'ReadOnlySnapshotError';
  }
}

/**
 * Writing the commit file failed in a way that leaves its outcome unknown (e.g. a timeout), and
 * re-reading the log did not settle it. The data files written for it are kept: the commit may
 * still reference them.
 */
export class CommitOutcomeUnknownError extends DeltaError {
  constructor(
    table: string,
    readonly attemptedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(table, `commit at version ${attemptedVersion}: the commit file could not be written and its outcome is unknown`, options);
    this.name = 'CommitOutcomeUnknownError';
  }
}

/**
 * A compare-and-set on an application transaction failed: the table records `actual` for `appId`
 * (undefined: never written) where the writer expected `expected` (-1: never written). Another
 * writer committed that progress first; nothing of this write was committed.
 */
export class TxnVersionMismatchError extends DeltaError {
  constructor(
    table: string,
    readonly appId: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(table, `txn ${appId} is at ${actual ?? 'none'} where ${expected === -1 ? 'none' : expected} was expected: another writer committed first`);
    this.name = 'TxnVersionMismatchError';
  }
}

/** The table has `delta.appendOnly=true`: operations that remove data (overwrite, DELETE) are refused. */
export class AppendOnlyTableError extends DeltaError {
  constructor(
    table: string,
    readonly operation: string,
  ) {
    super(table, `${operation} would remove data from an append-only table (delta.appendOnly=true); nothing was written`);
    this.name = 'AppendOnlyTableError';
  }
}

/** Rows handed to an overwrite with `replaceWhere` fall outside the partitions it replaces. */
export class ReplaceWhereMismatchError extends DeltaError {
  constructor(table: string, detail: string) {
    super(table, `rows outside the replaced partitions: ${detail}; nothing was written`);
    this.name = 'ReplaceWhereMismatchError';
  }
}

/** VACUUM with a retention shorter than the table allows, without `force`. */
export class VacuumRetentionError extends DeltaError {
  constructor(
    table: string,
    readonly retentionMillis: number,
    readonly minimumMillis: number,
  ) {
    super(
      table,
      `VACUUM retention of ${retentionMillis / 3_600_000} h is shorter than the table's delta.deletedFileRetentionDuration ` +
        `(${minimumMillis / 3_600_000} h): readers of recent versions and writers still committing could lose files. ` +
        'Pass force: true to vacuum anyway',
    );
    this.name = 'VacuumRetentionError';
  }
}

/**
 * DuckDB could not describe or run the query of a write, or failed while writing its rows to
 * Parquet (a value out of range for its column, an unreadable input, a full disk); nothing was
 * uploaded or committed. DuckDB's error is the cause.
 */
export class QueryWriteError extends DeltaError {
  constructor(table: string, cause: unknown) {
    super(table, `DuckDB failed on the rows to write, nothing was committed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueryWriteError';
  }
}
