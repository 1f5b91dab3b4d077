import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { StructField, StructType } from './delta-schema';
import type { ColumnStatistics } from './file-stats';
import { serializePartitionValue } from './partition-values';
import type { DeltaScalar } from './scalar-values';
import { sqlIdentifier, sqlString } from './sql-literals';
import type { TableContext } from './table-context';

/**
 * Data files of a write in ONE DuckDB statement: `COPY (query) TO dir (FORMAT parquet,
 * PARTITION_BY …, RETURN_STATS)`. DuckDB splits the rows by partition, writes the files and
 * reports, per file, its row count, its partition key and the statistics of every column from the
 * footer it just wrote, so nothing is read twice. The partition keys are canonical texts computed
 * in SQL (days for dates, microseconds for timestamps, DuckDB's shortest text for numbers) that
 * parse back to exact typed values; the local directory names DuckDB derives from them are never
 * used (files are uploaded under Delta's own Hive-style keys).
 */

/** One Parquet file written locally by the COPY. */
export interface CopiedFile {
  localPath: string;
  rows: number;
  /** Serialized partition values (`add.partitionValues`); empty for an unpartitioned table. */
  partitionValues: Record<string, string | null>;
  /** Statistics by column name. */
  statistics: ReadonlyMap<string, ColumnStatistics>;
}

export interface CopyTarget {
  schema: StructType;
  partitionColumns: readonly string[];
  /** Parquet codec name for DuckDB (zstd, snappy, …). */
  codec: string;
}

/** SQL text of a partition column that parses back to the typed value exactly. */
function partitionKeySql(field: StructField): string {
  const column = sqlIdentifier(field.name);
  switch (field.type) {
    case 'string':
      return column;
    case 'date':
      return `CAST(date_diff('day', DATE '1970-01-01', ${column}) AS VARCHAR)`;
    case 'timestamp':
      return `CAST(epoch_us(${column}) AS VARCHAR)`;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}

function floatKey(text: string): number {
  if (/^-?inf$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^-?nan$/i.test(text)) return Number.NaN;
  return Number(text);
}

/** The typed value (scalar-values.ts) of a key written by partitionKeySql. */
function partitionKeyValue(text: string | null, field: StructField): DeltaScalar {
  if (text === null) return null;
  switch (field.type) {
    case 'string':
      return text;
    case 'long':
    case 'timestamp':
      return BigInt(text);
    case 'boolean':
      return text === 'true';
    case 'double':
    case 'float':
      return floatKey(text);
    default:
      return Number(text);
  }
}

/** A name for the key column of partition `index` that no table column has. */
function keyColumnNames(schema: StructType, count: number): string[] {
  const taken = new Set(schema.fields.map((field) => field.name.toLowerCase()));
  let prefix = '__delta_partition_';
  while (Array.from({ length: count }, (_, index) => `${prefix}${index}`).some((name) => taken.has(name))) prefix = `_${prefix}`;
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

interface CopyStatsRow {
  filename?: unknown;
  count?: unknown;
  column_statistics?: unknown;
  partition_keys?: unknown;
}

/** DuckDB MAP values as JS arrays of `{ key, value }`. */
function mapEntries(value: unknown): { key: string; value: unknown }[] {
  return Array.isArray(value) ? (value as { key: string; value: unknown }[]) : [];
}

/** Column statistics keyed by column name (DuckDB reports them under quoted identifiers). */
function statisticsByColumn(fields: readonly StructField[], raw: unknown): Map<string, ColumnStatistics> {
  const byKey = new Map(mapEntries(raw).map((entry) => [entry.key, entry.value]));
  const statistics = new Map<string, ColumnStatistics>();
  for (const field of fields) {
    const entries = mapEntries(byKey.get(sqlIdentifier(field.name)));
    statistics.set(field.name, new Map(entries.map((entry) => [entry.key, String(entry.value)])));
  }
  return statistics;
}

function copiedFiles(reported: readonly CopyStatsRow[], dataFields: readonly StructField[], partitionOf: (row: CopyStatsRow) => Record<string, string | null>): CopiedFile[] {
  const files: CopiedFile[] = [];
  for (const row of reported) {
    const rows = Number(row.count);
    if (rows === 0) continue;
    files.push({ localPath: String(row.filename), rows, partitionValues: partitionOf(row), statistics: statisticsByColumn(dataFields, row.column_statistics) });
  }
  return files;
}

function partitionKeys(row: CopyStatsRow): Map<string, string | null> {
  return new Map(mapEntries(row.partition_keys).map((entry) => [entry.key, entry.value === null ? null : String(entry.value)]));
}

/** Serialized partition values of canonical keys (partitionKeySql), by partition column. */
function serializedValues(partitionFields: readonly StructField[], key: (index: number) => string | null): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  partitionFields.forEach((field, index) => {
    values[field.name] = serializePartitionValue(field.name, partitionKeyValue(key(index), field), field.type);
  });
  return values;
}

/**
 * Writes the rows of `selectSql` (every column of the table by name, with its table type) as
 * Parquet files under `workDirectory`, one or more per partition, partition columns left out of
 * the files. Files without rows are not returned.
 */
export async function copyPartitioned(context: TableContext, target: CopyTarget, selectSql: string, workDirectory: string): Promise<CopiedFile[]> {
  const partitioned = new Set(target.partitionColumns);
  const dataFields = target.schema.fields.filter((field) => !partitioned.has(field.name));
  const partitionFields = target.partitionColumns.map((column) => target.schema.fields.find((field) => field.name === column) as StructField);
  const keyColumns = keyColumnNames(target.schema, partitionFields.length + 1);
  const dataColumns = dataFields.map((field) => sqlIdentifier(field.name));
  const keys = partitionFields.map((field, index) => `${partitionKeySql(field)} AS ${sqlIdentifier(keyColumns[index] as string)}`);
  const options = (partitionBy: readonly string[]) => [
    'FORMAT parquet',
    `COMPRESSION ${target.codec}`,
    'RETURN_STATS',
    ...(partitionBy.length === 0 ? [] : [`PARTITION_BY (${partitionBy.map(sqlIdentifier).join(', ')})`, `FILENAME_PATTERN 'part-{uuid}'`]),
  ];
  const copy = async (select: string, destination: string, partitionBy: readonly string[]) =>
    (await context.duckdb.rows(`COPY (${select}) TO ${sqlString(join(workDirectory, destination))} (${options(partitionBy).join(', ')})`)) as CopyStatsRow[];

  if (partitionFields.length === 0) {
    return copiedFiles(await copy(`SELECT ${dataColumns.join(', ')} FROM (${selectSql}) AS delta_source`, 'data.parquet', []), dataFields, () => ({}));
  }
  const keyNames = keyColumns.slice(0, partitionFields.length);
  try {
    const reported = await copy(`SELECT ${[...dataColumns, ...keys].join(', ')} FROM (${selectSql}) AS delta_source`, 'data', keyNames);
    return copiedFiles(reported, dataFields, (row) => {
      const byKey = partitionKeys(row);
      return serializedValues(partitionFields, (index) => byKey.get(keyNames[index] as string) ?? null);
    });
  } catch (error) {
    // DuckDB's errors may come from another realm than this module's Error: test the text.
    if (!/file name too long/i.test(String((error as { message?: unknown } | undefined)?.message ?? error))) throw error;
  }
  // A partition value too long for a local directory name: the rows are staged once, and each
  // partition is named by the MD5 of its keys, looked up in the staged rows.
  const staged = sqlIdentifier(`delta_staged_${randomUUID().replaceAll('-', '')}`);
  const digestName = keyColumns[partitionFields.length] as string;
  const digest = sqlIdentifier(digestName);
  try {
    await context.duckdb.run(
      `CREATE TEMP TABLE ${staged} AS SELECT *, md5(to_json(list_value(${keyNames.map(sqlIdentifier).join(', ')}))) AS ${digest} FROM (SELECT ${[...dataColumns, ...keys].join(', ')} FROM (${selectSql}) AS delta_source)`,
    );
    const partitions = new Map<string, Record<string, string | null>>();
    for (const row of await context.duckdb.rows(`SELECT DISTINCT ${[digest, ...keyNames.map(sqlIdentifier)].join(', ')} FROM ${staged}`)) {
      partitions.set(String(row[digestName]), serializedValues(partitionFields, (index) => (row[keyNames[index] as string] as string | null) ?? null));
    }
    const reported = await copy(`SELECT ${[...dataColumns, digest].join(', ')} FROM ${staged}`, 'staged', [digestName]);
    return copiedFiles(reported, dataFields, (row) => partitions.get(String(partitionKeys(row).get(digestName))) as Record<string, string | null>);
  } finally {
    await context.duckdb.run(`DROP TABLE IF EXISTS ${staged}`).catch(() => undefined);
  }
}

/** Writes the rows of `selectSql` (the data columns only) as one Parquet file; undefined when there are none. */
export async function copySingleFile(
  context: TableContext,
  target: CopyTarget,
  selectSql: string,
  partitionValues: Readonly<Record<string, string | null>>,
  localPath: string,
): Promise<CopiedFile | undefined> {
  const partitioned = new Set(target.partitionColumns);
  const dataFields = target.schema.fields.filter((field) => !partitioned.has(field.name));
  const [row] = (await context.duckdb.rows(
    `COPY (${selectSql}) TO ${sqlString(localPath)} (FORMAT parquet, COMPRESSION ${target.codec}, RETURN_STATS)`,
  )) as CopyStatsRow[];
  const rows = Number(row?.count ?? 0);
  if (rows === 0) return undefined;
  return { localPath, rows, partitionValues: { ...partitionValues }, statistics: statisticsByColumn(dataFields, row?.column_statistics) };
}
