import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
import type { StructField, StructType } from './delta-schema';
import { statsAggregates, statsFromAggregates } from './file-stats';
import { serializePartitionValue } from './partition-values';
import type { TableConfiguration } from './protocol-support';
import type { ValidatedRows, WritableType } from './row-validation';
import type { DeltaScalar } from './scalar-values';
import { duckdbType, sqlIdentifier, sqlString } from './sql-literals';
import type { TableContext } from './table-context';
import { indexedColumnCount, parquetCodec } from './table-properties';

/**
 * Writes Parquet data files with DuckDB. Appended rows go into a temporary DuckDB table through
 * the appender, column by column in data chunks, and each partition is COPY'd to a local Parquet file; rewrites and compactions COPY
 * a query over existing files. Partition columns are not stored in the file, as Delta expects;
 * statistics come from one aggregate query over the written file, and the file is uploaded
 * through the ObjectStore into its Hive-style partition directory.
 */

export interface WrittenDataFile {
  /** Store key of the data file, relative to the table root. */
  key: string;
  rows: number;
  add: AddAction;
}

export interface DataFileBatch extends DataFileTarget {
  rows: ValidatedRows;
}

const GROUP_COLUMN = '__delta_partition_group';

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

/** One column's cells `start`…`start + count - 1` as DuckDB values (dates and timestamps wrapped). */
function chunkValues(cells: readonly DeltaScalar[], type: WritableType, start: number, count: number): DuckDBValue[] {
  const values = cells.slice(start, start + count) as DuckDBValue[];
  if (type === 'date') return values.map((value) => (value === null ? null : dateValue(value as number)));
  if (type === 'timestamp') return values.map((value) => (value === null ? null : timestampTZValue(value as bigint)));
  return values;
}

/** Loads validated rows, column by column in data chunks, plus each row's partition group. */
function appendRows(appender: DuckDBAppender, fields: readonly StructField[], rows: ValidatedRows, groupOfRow: Int32Array): void {
  const types = [...fields.map((field) => DUCKDB_TYPES[field.type as WritableType]), INTEGER];
  for (let start = 0; start < rows.rowCount; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows.rowCount - start);
    const chunk = DuckDBDataChunk.create(types, count);
    fields.forEach((field, index) => chunk.setColumnValues(index, chunkValues(rows.columns[index] as DeltaScalar[], field.type as WritableType, start, count)));
    chunk.setColumnValues(fields.length, Array.from(groupOfRow.subarray(start, start + count)));
    appender.appendDataChunk(chunk);
  }
}

interface PartitionGroup {
  values: Record<string, string | null>;
  rowCount: number;
}

function groupRows(batch: DataFileBatch): { groups: PartitionGroup[]; groupOfRow: Int32Array } {
  const { schema, partitionColumns, rows } = batch;
  const partitionFields = partitionColumns.map((column) => {
    const index = schema.fields.findIndex((field) => field.name === column);
    // Serialized values per typed value: a batch holds few distinct partition values.
    return { column, field: schema.fields[index] as StructField, cells: rows.columns[index] as DeltaScalar[], texts: new Map<DeltaScalar, string | null>() };
  });
  const groups: PartitionGroup[] = [];
  const byKey = new Map<string, number>();
  const groupOfRow = new Int32Array(rows.rowCount);
  for (let row = 0; row < rows.rowCount; row++) {
    let key = '';
    const texts: (string | null)[] = [];
    for (const partition of partitionFields) {
      const value = partition.cells[row] ?? null;
      let text = partition.texts.get(value);
      if (text === undefined) {
        text = serializePartitionValue(partition.column, value, partition.field.type);
        partition.texts.set(value, text);
      }
      texts.push(text);
      key += text === null ? '\u0001' : `${text}\u0000`;
    }
    let group = byKey.get(key);
    if (group === undefined) {
      group = groups.length;
      byKey.set(key, group);
      const values: Record<string, string | null> = {};
      partitionFields.forEach((partition, index) => (values[partition.column] = texts[index] ?? null));
      groups.push({ values, rowCount: 0 });
    }
    (groups[group] as PartitionGroup).rowCount++;
    groupOfRow[row] = group;
  }
  return { groups, groupOfRow };
}

/** Where and how a data file is written: the table's schema, partitioning and properties. */
export interface DataFileTarget {
  schema: StructType;
  partitionColumns: readonly string[];
  configuration: TableConfiguration;
}

export function dataFields(target: DataFileTarget): StructField[] {
  const partitioned = new Set(target.partitionColumns);
  return target.schema.fields.filter((field) => !partitioned.has(field.name));
}

/**
 * COPYs the rows of `selectSql` (the data columns of the table, in schema order, with their
 * table types) to a local Parquet file, computes its statistics from that file, and uploads it
 * into the partition directory of `partitionValues`. Returns undefined, uploading nothing, when
 * the query has no rows.
 */
async function copyToDataFile(
  context: TableContext,
  target: DataFileTarget,
  selectSql: string,
  partitionValues: Readonly<Record<string, string | null>>,
  dataChange: boolean,
  workDirectory: string,
): Promise<WrittenDataFile | undefined> {
  const codec = parquetCodec(target.configuration);
  const fields = dataFields(target);
  const localFile = join(workDirectory, `${randomUUID()}.parquet`);
  try {
    await context.duckdb.run(`COPY (${selectSql}) TO ${sqlString(localFile)} (FORMAT parquet, COMPRESSION ${codec})`);
    const indexed = fields.slice(0, Math.min(fields.length, indexedColumnCount(target.configuration)));
    const aggregates = statsAggregates(indexed, sqlIdentifier);
    const [statsRow = {}] = await context.duckdb.rows(
      `SELECT count(*) AS num_records${aggregates.expressions.map((expression) => `, ${expression}`).join('')} FROM read_parquet(${sqlString(localFile)})`,
    );
    const rowCount = Number(statsRow['num_records'] ?? 0);
    if (rowCount === 0) return undefined;
    const body = await readFile(localFile);
    const directory = partitionDirectory(target.partitionColumns, partitionValues);
    const name = `part-00000-${randomUUID()}-c000.${codec}.parquet`;
    const key = directory === '' ? name : `${directory}/${name}`;
    await context.store.put(key, body);
    return {
      key,
      rows: rowCount,
      add: {
        path: encodeActionPath(key),
        partitionValues: { ...partitionValues },
        size: body.byteLength,
        modificationTime: Date.now(),
        dataChange,
        stats: statsFromAggregates(rowCount, aggregates.columns, statsRow),
      },
    };
  } finally {
    await rm(localFile, { force: true });
  }
}

/**
 * Writes the rows of a query over existing data (a rewrite or a compaction) as one data file of
 * one partition; undefined when the query has no rows.
 */
export async function writeQueryDataFile(
  context: TableContext,
  target: DataFileTarget,
  selectSql: string,
  partitionValues: Readonly<Record<string, string | null>>,
  options: { dataChange: boolean },
): Promise<WrittenDataFile | undefined> {
  const workDirectory = await mkdtemp(join(tmpdir(), 'music-delta-rewrite-'));
  try {
    return await copyToDataFile(context, target, selectSql, partitionValues, options.dataChange, workDirectory);
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}

/** Writes and uploads the files of validated rows; on failure, removes what it already uploaded. */
export async function writeDataFiles(context: TableContext, batch: DataFileBatch): Promise<WrittenDataFile[]> {
  const { schema, rows } = batch;
  if (rows.rowCount === 0) return [];
  const { groups, groupOfRow } = groupRows(batch);
  const tableName = `delta_append_${randomUUID().replaceAll('-', '')}`;
  const table = sqlIdentifier(tableName);
  const workDirectory = await mkdtemp(join(tmpdir(), 'music-delta-write-'));
  const uploaded: WrittenDataFile[] = [];
  try {
    const columnsSql = schema.fields.map((field) => `${sqlIdentifier(field.name)} ${duckdbType(field.type)}`);
    await context.duckdb.run(`CREATE TEMP TABLE ${table} (${[...columnsSql, `${GROUP_COLUMN} INTEGER`].join(', ')})`);
    await context.duckdb.exclusive(async (connection) => {
      const appender = await connection.createAppender(tableName);
      try {
        appendRows(appender, schema.fields, rows, groupOfRow);
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
    const projection = dataFields(batch).map((field) => sqlIdentifier(field.name)).join(', ');
    for (const [index, group] of groups.entries()) {
      const selectSql = `SELECT ${projection} FROM ${table} WHERE ${GROUP_COLUMN} = ${index}`;
      const written = await copyToDataFile(context, batch, selectSql, group.values, true, workDirectory);
      if (written) uploaded.push(written);
    }
    return uploaded;
  } catch (error) {
    await Promise.allSettled(uploaded.map((file) => context.store.delete(file.key)));
    throw error;
  } finally {
    await context.duckdb.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await rm(workDirectory, { recursive: true, force: true });
  }
}
