import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateValue, timestampTZValue, type DuckDBAppender } from '@duckdb/node-api';
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
 * Writes validated rows as Parquet data files, one per partition, with DuckDB: rows go into a
 * temporary DuckDB table through the appender, each partition is COPY'd to a local Parquet file
 * (partition columns are not stored in the file, as Delta expects), statistics come from one
 * aggregate query, and the files are uploaded through the ObjectStore into Hive-style
 * partition directories.
 */

export interface WrittenDataFile {
  /** Store key of the data file, relative to the table root. */
  key: string;
  add: AddAction;
}

export interface DataFileBatch {
  schema: StructType;
  partitionColumns: readonly string[];
  configuration: TableConfiguration;
  rows: ValidatedRows;
}

const GROUP_COLUMN = '__delta_partition_group';

function appendCell(appender: DuckDBAppender, value: DeltaScalar, type: WritableType): void {
  if (value === null) return appender.appendNull();
  switch (type) {
    case 'string':
      return appender.appendVarchar(value as string);
    case 'long':
      return appender.appendBigInt(value as bigint);
    case 'integer':
      return appender.appendInteger(value as number);
    case 'short':
      return appender.appendSmallInt(value as number);
    case 'byte':
      return appender.appendTinyInt(value as number);
    case 'double':
      return appender.appendDouble(value as number);
    case 'float':
      return appender.appendFloat(value as number);
    case 'boolean':
      return appender.appendBoolean(value as boolean);
    case 'date':
      return appender.appendDate(dateValue(value as number));
    case 'timestamp':
      return appender.appendTimestampTZ(timestampTZValue(value as bigint));
  }
}

interface PartitionGroup {
  values: Record<string, string | null>;
  rowCount: number;
}

function groupRows(batch: DataFileBatch): { groups: PartitionGroup[]; groupOfRow: Int32Array } {
  const { schema, partitionColumns, rows } = batch;
  const indexes = partitionColumns.map((column) => schema.fields.findIndex((field) => field.name === column));
  const groups: PartitionGroup[] = [];
  const byKey = new Map<string, number>();
  const groupOfRow = new Int32Array(rows.rowCount);
  for (let row = 0; row < rows.rowCount; row++) {
    const values: Record<string, string | null> = {};
    indexes.forEach((fieldIndex, position) => {
      const field = schema.fields[fieldIndex] as StructField;
      const column = partitionColumns[position] as string;
      values[column] = serializePartitionValue(column, (rows.columns[fieldIndex] as DeltaScalar[])[row] ?? null, field.type);
    });
    const key = JSON.stringify(partitionColumns.map((column) => values[column]));
    let group = byKey.get(key);
    if (group === undefined) {
      group = groups.length;
      byKey.set(key, group);
      groups.push({ values, rowCount: 0 });
    }
    (groups[group] as PartitionGroup).rowCount++;
    groupOfRow[row] = group;
  }
  return { groups, groupOfRow };
}

/** Writes and uploads the files; on failure, removes what it already uploaded. */
export async function writeDataFiles(context: TableContext, batch: DataFileBatch): Promise<WrittenDataFile[]> {
  const { schema, partitionColumns, configuration, rows } = batch;
  if (rows.rowCount === 0) return [];
  const codec = parquetCodec(configuration);
  const partitioned = new Set(partitionColumns);
  const dataFields = schema.fields.filter((field) => !partitioned.has(field.name));
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
        for (let row = 0; row < rows.rowCount; row++) {
          schema.fields.forEach((field, index) => appendCell(appender, (rows.columns[index] as DeltaScalar[])[row] ?? null, field.type as WritableType));
          appender.appendInteger(groupOfRow[row] as number);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
    const indexed = dataFields.slice(0, Math.min(dataFields.length, indexedColumnCount(configuration)));
    const aggregates = statsAggregates(indexed, sqlIdentifier);
    const statsRows = await context.duckdb.rows(
      `SELECT ${GROUP_COLUMN} AS grp, count(*) AS num_records${aggregates.expressions.map((expression) => `, ${expression}`).join('')} ` +
        `FROM ${table} GROUP BY ${GROUP_COLUMN}`,
    );
    const statsByGroup = new Map(statsRows.map((row) => [Number(row['grp']), row]));
    const projection = dataFields.map((field) => sqlIdentifier(field.name)).join(', ');
    for (const [index, group] of groups.entries()) {
      const localFile = join(workDirectory, `${index}.parquet`);
      await context.duckdb.run(
        `COPY (SELECT ${projection} FROM ${table} WHERE ${GROUP_COLUMN} = ${index}) TO ${sqlString(localFile)} (FORMAT parquet, COMPRESSION ${codec})`,
      );
      const body = await readFile(localFile);
      const directory = partitionDirectory(partitionColumns, group.values);
      const name = `part-00000-${randomUUID()}-c000.${codec}.parquet`;
      const key = directory === '' ? name : `${directory}/${name}`;
      await context.store.put(key, body);
      const statsRow = statsByGroup.get(index) ?? {};
      uploaded.push({
        key,
        add: {
          path: encodeActionPath(key),
          partitionValues: group.values,
          size: body.byteLength,
          modificationTime: Date.now(),
          dataChange: true,
          stats: statsFromAggregates(group.rowCount, aggregates.columns, statsRow),
        },
      });
      await rm(localFile, { force: true });
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
