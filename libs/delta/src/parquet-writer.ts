import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  dateValue,
  DOUBLE,
  DuckDBDataChunk,
  FLOAT,
  INTEGER,
  SMALLINT,
  TIMESTAMPTZ,
  timestampTZValue,
  TINYINT,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { AddAction } from './actions';
import { encodeActionPath, partitionDirectory } from './data-file-paths';
import { DeltaError, QueryWriteError, SchemaMismatchError } from './delta-errors';
import type { StructField, StructType } from './delta-schema';
import { statsFromColumnStatistics, type ColumnStatistics } from './file-stats';
import { copyPartitioned, copySingleFile, type CopiedFile, type CopyTarget } from './parquet-copy';
import type { TableConfiguration } from './protocol-support';
import type { ValidatedRows, WritableType } from './row-validation';
import type { DeltaScalar } from './scalar-values';
import { duckdbType, sqlIdentifier } from './sql-literals';
import type { TableContext } from './table-context';
import { withScratchDirectory } from './scratch-directory';
import { parquetCodec, statsFields } from './table-properties';

/**
 * Writes Parquet data files with DuckDB and uploads them. Every write is one `COPY … RETURN_STATS`
 * (parquet-copy.ts): the rows of a query, or appended rows loaded first into a temporary DuckDB
 * table through the appender, are split by partition, written, and described (rows, partition
 * values, min/max/null counts) by DuckDB in the same statement. Partition columns are not stored
 * in the files, as Delta expects; each file is uploaded through the ObjectStore into its
 * Hive-style partition directory. Files encoded elsewhere (prepared-files.ts) take the same upload.
 */

export interface WrittenDataFile {
  /** Store key of the data file, relative to the table root. */
  key: string;
  rows: number;
  add: AddAction;
}

/** Where and how a data file is written: the table's schema, partitioning and properties. */
export interface DataFileTarget {
  schema: StructType;
  partitionColumns: readonly string[];
  configuration: TableConfiguration;
}

export interface DataFileBatch extends DataFileTarget {
  rows: ValidatedRows;
}

export function dataFields(target: DataFileTarget): StructField[] {
  const partitioned = new Set(target.partitionColumns);
  return target.schema.fields.filter((field) => !partitioned.has(field.name));
}

function copyTarget(target: DataFileTarget): CopyTarget {
  return { schema: target.schema, partitionColumns: target.partitionColumns, codec: parquetCodec(target.configuration) };
}

const DUCKDB_TYPES: Record<WritableType, DuckDBType> = {
  string: VARCHAR,
  long: BIGINT,
  integer: INTEGER,
  short: SMALLINT,
  byte: TINYINT,
  double: DOUBLE,
  float: FLOAT,
  boolean: BOOLEAN,
  date: DATE,
  timestamp: TIMESTAMPTZ,
};

/** Rows per data chunk handed to the appender (DuckDB's vector size). */
const CHUNK_ROWS = 2048;

/** Uploads running at once (local disk fsyncs each file; remote stores wait on the network). */
const UPLOAD_CONCURRENCY = 4;

/** One column's cells `start`…`start + count - 1` as DuckDB values (dates and timestamps wrapped). */
function chunkValues(cells: readonly DeltaScalar[], type: WritableType, start: number, count: number): DuckDBValue[] {
  const values = cells.slice(start, start + count) as DuckDBValue[];
  if (type === 'date') return values.map((value) => (value === null ? null : dateValue(value as number)));
  if (type === 'timestamp') return values.map((value) => (value === null ? null : timestampTZValue(value as bigint)));
  return values;
}

/** Loads validated rows column by column, in data chunks. */
function appendRows(appender: DuckDBAppender, fields: readonly StructField[], rows: ValidatedRows): void {
  const types = fields.map((field) => DUCKDB_TYPES[field.type as WritableType]);
  for (let start = 0; start < rows.rowCount; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows.rowCount - start);
    const chunk = DuckDBDataChunk.create(types, count);
    fields.forEach((field, index) => chunk.setColumnValues(index, chunkValues(rows.columns[index] as DeltaScalar[], field.type as WritableType, start, count)));
    appender.appendDataChunk(chunk);
  }
}

/** Refuses nulls in non-nullable columns, from the null counts DuckDB reported (nothing is uploaded yet). */
function assertNonNullable(table: string, target: DataFileTarget, copied: readonly CopiedFile[]): void {
  const partitioned = new Set(target.partitionColumns);
  const issues: string[] = [];
  for (const field of target.schema.fields.filter((candidate) => !candidate.nullable)) {
    const nulls = partitioned.has(field.name)
      ? copied.filter((file) => file.partitionValues[field.name] === null).reduce((total, file) => total + file.rows, 0)
      : copied.reduce((total, file) => total + Number(file.statistics.get(field.name)?.get('null_count') ?? 0), 0);
    if (nulls === 0) continue;
    const empty = partitioned.has(field.name) && field.type === 'string' ? ' (an empty string is a null partition value)' : '';
    issues.push(`column ${field.name} (${String(field.type)}, not nullable) has ${nulls} null value${nulls === 1 ? '' : 's'}${empty}`);
  }
  if (issues.length > 0) throw new SchemaMismatchError(table, issues.join('; '));
}

/**
 * A Parquet data file to upload and what is known of it. The body is read only when the file is
 * uploaded, so that files copied to local disk are held in memory a few at a time.
 */
export interface DataFileSource {
  rows: number;
  /** Serialized partition values (`add.partitionValues`); empty for an unpartitioned table. */
  partitionValues: Readonly<Record<string, string | null>>;
  /** Statistics by data column, as DuckDB's RETURN_STATS gives them. */
  statistics: ReadonlyMap<string, ColumnStatistics>;
  /** The codec of its pages, for the file name. */
  codec: string;
  readBody(): Promise<Uint8Array>;
}

function copiedSource(file: CopiedFile, codec: string): DataFileSource {
  return { ...file, codec, readBody: () => readFile(file.localPath) };
}

async function uploadFile(context: TableContext, target: DataFileTarget, file: DataFileSource, dataChange: boolean): Promise<WrittenDataFile> {
  const body = await file.readBody();
  const directory = partitionDirectory(target.partitionColumns, file.partitionValues);
  const name = `part-00000-${randomUUID()}-c000.${file.codec}.parquet`;
  const key = directory === '' ? name : `${directory}/${name}`;
  await context.store.put(key, body);
  const indexed = statsFields(target.configuration, dataFields(target));
  return {
    key,
    rows: file.rows,
    add: {
      path: encodeActionPath(key),
      partitionValues: { ...file.partitionValues },
      size: body.byteLength,
      modificationTime: Date.now(),
      dataChange,
      stats: statsFromColumnStatistics(file.rows, indexed, (column) => file.statistics.get(column)),
    },
  };
}

/**
 * Uploads data files (a few at a time) under Hive-style partition directories, with their `add`
 * actions and statistics; on failure, removes what it already uploaded.
 */
export async function uploadFiles(context: TableContext, target: DataFileTarget, files: readonly DataFileSource[], dataChange: boolean): Promise<WrittenDataFile[]> {
  const uploaded: WrittenDataFile[] = [];
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < files.length) {
      const index = next++;
      try {
        uploaded[index] = await uploadFile(context, target, files[index] as DataFileSource, dataChange);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, files.length) }, worker));
  if (failure !== undefined) {
    await Promise.allSettled(uploaded.filter((file) => file !== undefined).map((file) => context.store.delete(file.key)));
    throw failure.error;
  }
  return uploaded;
}

/**
 * Writes and uploads the files of a query whose columns are the table's columns (by name, with
 * the table types), split by partition in one COPY. Nulls in non-nullable columns are refused
 * before anything is uploaded.
 */
export async function writeQueryFiles(context: TableContext, target: DataFileTarget, selectSql: string): Promise<WrittenDataFile[]> {
  return withScratchDirectory('write', async (directory) => {
    let copied: CopiedFile[];
    try {
      copied = await copyPartitioned(context, copyTarget(target), selectSql, directory);
    } catch (error) {
      throw new QueryWriteError(context.uri, error);
    }
    assertNonNullable(context.uri, target, copied);
    const codec = parquetCodec(target.configuration);
    return uploadFiles(context, target, copied.map((file) => copiedSource(file, codec)), true);
  });
}

/** Writes and uploads the files of validated rows (loaded through the appender, then one COPY). */
export async function writeDataFiles(context: TableContext, batch: DataFileBatch): Promise<WrittenDataFile[]> {
  const { schema, rows } = batch;
  if (rows.rowCount === 0) return [];
  const tableName = `delta_append_${randomUUID().replaceAll('-', '')}`;
  const table = sqlIdentifier(tableName);
  try {
    await context.duckdb.run(`CREATE TEMP TABLE ${table} (${schema.fields.map((field) => `${sqlIdentifier(field.name)} ${duckdbType(field.type)}`).join(', ')})`);
    await context.duckdb.exclusive(async (connection) => {
      const appender = await connection.createAppender(tableName);
      try {
        appendRows(appender, schema.fields, rows);
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
    const written = await writeQueryFiles(context, batch, `SELECT * FROM ${table}`);
    const total = written.reduce((sum, file) => sum + file.rows, 0);
    if (total !== rows.rowCount) {
      await Promise.allSettled(written.map((file) => context.store.delete(file.key)));
      throw new DeltaError(context.uri, `DuckDB wrote ${total} of the ${rows.rowCount} rows appended; nothing was committed`);
    }
    return written;
  } finally {
    await context.duckdb.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}

/**
 * Writes the rows of a query over existing data (a rewrite or a compaction: the data columns
 * only) as one data file of one partition; undefined when the query has no rows.
 */
export async function writeQueryDataFile(
  context: TableContext,
  target: DataFileTarget,
  selectSql: string,
  partitionValues: Readonly<Record<string, string | null>>,
  options: { dataChange: boolean },
): Promise<WrittenDataFile | undefined> {
  return withScratchDirectory('rewrite', async (directory) => {
    const copied = await copySingleFile(context, copyTarget(target), selectSql, partitionValues, join(directory, 'data.parquet'));
    if (copied === undefined) return undefined;
    return (await uploadFiles(context, target, [copiedSource(copied, parquetCodec(target.configuration))], options.dataChange))[0];
  });
}
