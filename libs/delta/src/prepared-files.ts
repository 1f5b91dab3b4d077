import { SchemaMismatchError } from './delta-errors';
import type { StructField } from './delta-schema';
import type { ColumnStatistics } from './file-stats';
import { dataFields, type DataFileSource, type DataFileTarget } from './parquet-writer';
import { parsePartitionValue, serializePartitionValue } from './partition-values';

/**
 * Parquet files encoded outside this library, handed over in memory to be committed as they are.
 * Nothing reads them back: what they hold is taken from what the encoder reports (rows,
 * statistics), so those reports are checked against the table before anything is uploaded.
 */

export interface PreparedDataFile {
  /** Partition values by partition column (string form as in add actions; null for a null value). */
  partitionValues: Readonly<Record<string, string | null>>;
  /** The whole Parquet file; it must hold the table's data columns (not the partition columns). */
  body: Uint8Array;
  rows: number;
  /** Per data column, statistics in the form DuckDB's RETURN_STATS gives (min, max, null_count as text). */
  statistics: ReadonlyMap<string, ColumnStatistics>;
  /** The codec its pages use, for the file name (e.g. 'snappy', 'uncompressed'). */
  codec: string;
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1", at both ends of every Parquet file
const CODEC_NAME = /^[a-z0-9_]+$/;
const NULL_COUNT = /^\d+$/;
const MAX_REPORTED_ISSUES = 8;

function hasParquetMagic(body: Uint8Array): boolean {
  if (body.byteLength < 2 * PARQUET_MAGIC.length) return false;
  const tail = body.byteLength - PARQUET_MAGIC.length;
  return PARQUET_MAGIC.every((byte, index) => body[index] === byte && body[tail + index] === byte);
}

/** The partition values in the table's column order and canonical form, or the issues found. */
function partitionValuesOf(label: string, file: PreparedDataFile, partitionFields: readonly StructField[], issues: string[]): Record<string, string | null> {
  const given = file.partitionValues;
  if (typeof given !== 'object' || given === null) {
    issues.push(`${label}: partitionValues must be an object keyed by partition column`);
    return {};
  }
  const expected = new Set(partitionFields.map((field) => field.name));
  const extra = Object.keys(given).filter((column) => !expected.has(column));
  if (extra.length > 0) {
    const table = partitionFields.length === 0 ? 'the table is not partitioned' : `the table's are ${partitionFields.map((field) => field.name).join(', ')}`;
    issues.push(`${label}: ${extra.join(', ')} ${extra.length === 1 ? 'is not a partition column' : 'are not partition columns'} (${table})`);
  }
  const values: Record<string, string | null> = {};
  for (const field of partitionFields) {
    if (!Object.prototype.hasOwnProperty.call(given, field.name)) {
      issues.push(`${label}: partition column ${field.name} is missing from partitionValues`);
      continue;
    }
    const raw = given[field.name];
    if (raw !== null && typeof raw !== 'string') {
      issues.push(`${label}: partition column ${field.name}: expected a string or null, got ${typeof raw}`);
      continue;
    }
    try {
      values[field.name] = serializePartitionValue(field.name, parsePartitionValue(field.name, raw, field.type), field.type);
    } catch (error) {
      issues.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (values[field.name] === null && !field.nullable) {
      const empty = raw === '' ? ' (an empty string is a null partition value)' : '';
      issues.push(`${label}: partition column ${field.name} (${String(field.type)}, not nullable) has a null value${empty}`);
    }
  }
  return values;
}

function checkStatistics(label: string, file: PreparedDataFile, fields: readonly StructField[], partitionColumns: readonly string[], issues: string[]): void {
  const statistics = file.statistics;
  if (typeof statistics?.get !== 'function' || typeof statistics.keys !== 'function') {
    issues.push(`${label}: statistics must be a Map by data column`);
    return;
  }
  const known = new Set(fields.map((field) => field.name));
  const partitioned = new Set(partitionColumns);
  for (const column of statistics.keys()) {
    if (partitioned.has(column)) issues.push(`${label}: statistics for partition column ${column} (partition columns are not stored in data files)`);
    else if (!known.has(column)) issues.push(`${label}: statistics for ${column}, which is not a column of the table`);
  }
  for (const field of fields) {
    const nullCount = statistics.get(field.name)?.get('null_count');
    if (nullCount === undefined) {
      issues.push(`${label}: column ${field.name} has no null_count statistic`);
      continue;
    }
    const nulls = NULL_COUNT.test(nullCount) ? Number(nullCount) : Number.NaN;
    if (!Number.isSafeInteger(nulls)) issues.push(`${label}: column ${field.name}: null_count ${JSON.stringify(nullCount)} is not a count`);
    else if (nulls > file.rows) issues.push(`${label}: column ${field.name}: null_count ${nulls} exceeds the file's ${file.rows} rows`);
    else if (nulls > 0 && !field.nullable) {
      issues.push(`${label}: column ${field.name} (${String(field.type)}, not nullable) has ${nulls} null value${nulls === 1 ? '' : 's'}`);
    }
  }
}

/**
 * Checks prepared files against the table (partition columns, non-nullable columns, row counts,
 * statistics, Parquet magic) and returns them ready to upload, partition values in canonical
 * form; a SchemaMismatchError lists what is wrong, naming each file by its index.
 */
export function preparedSources(table: string, target: DataFileTarget, files: readonly PreparedDataFile[]): DataFileSource[] {
  const fields = dataFields(target);
  const partitionFields = target.partitionColumns.map((column) => target.schema.fields.find((field) => field.name === column) as StructField);
  const issues: string[] = [];
  const sources = files.map((file, index): DataFileSource => {
    const label = `file ${index}`;
    const partitionValues = partitionValuesOf(label, file, partitionFields, issues);
    if (!Number.isSafeInteger(file.rows) || file.rows <= 0) issues.push(`${label}: rows must be a positive integer, got ${String(file.rows)}`);
    else checkStatistics(label, file, fields, target.partitionColumns, issues);
    if (!(file.body instanceof Uint8Array) || !hasParquetMagic(file.body)) issues.push(`${label}: body is not a Parquet file (no PAR1 at its start and end)`);
    if (typeof file.codec !== 'string' || !CODEC_NAME.test(file.codec)) issues.push(`${label}: codec ${JSON.stringify(file.codec)} is not a codec name (lower-case letters, digits, _)`);
    const { body } = file;
    return { rows: file.rows, partitionValues, statistics: file.statistics, codec: file.codec, readBody: async () => body };
  });
  if (issues.length > 0) {
    const more = issues.length > MAX_REPORTED_ISSUES ? ` (and ${issues.length - MAX_REPORTED_ISSUES} more)` : '';
    throw new SchemaMismatchError(table, `${issues.slice(0, MAX_REPORTED_ISSUES).join('; ')}${more}`);
  }
  return sources;
}
