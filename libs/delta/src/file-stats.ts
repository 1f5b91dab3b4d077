import { decimalPrecisionScale, isDecimalType, type DataType, type StructType } from './delta-schema';
import { formatTimestampMillis, parseDateText, parseTimestampText, type DeltaScalar } from './scalar-values';

/**
 * Per-file statistics (PROTOCOL.md "Per-file Statistics"), typed with the table schema. Values
 * that cannot be represented exactly (a long beyond 2^53 in JSON, a decimal of more than 15
 * digits) are left out: a missing bound only disables skipping, a wrong one would lose rows.
 * Timestamps are as written: writers truncate them to milliseconds, so a max bound covers up to
 * 999 µs more.
 */

export interface StatsValues {
  [column: string]: DeltaScalar | StatsValues;
}

export interface StatsCounts {
  [column: string]: number | StatsCounts;
}

export interface FileStats {
  numRecords: number | undefined;
  /** Absent means true (PROTOCOL.md); false only with deletion vectors. */
  tightBounds: boolean | undefined;
  minValues: StatsValues;
  maxValues: StatsValues;
  nullCount: StatsCounts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundValue(raw: unknown, type: DataType): DeltaScalar | StatsValues | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof type !== 'string') {
    return type.type === 'struct' && isObject(raw) ? boundValues(raw, type) : undefined;
  }
  if (isDecimalType(type)) {
    const { precision } = decimalPrecisionScale(type);
    if (typeof raw === 'number' && precision <= 15) return String(raw);
    return typeof raw === 'string' && /^[+-]?\d+(\.\d+)?$/.test(raw) ? raw : undefined;
  }
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : undefined;
    case 'byte':
    case 'short':
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
    case 'long':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? BigInt(raw) : undefined;
    case 'float':
    case 'double':
      return typeof raw === 'number' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'date':
      return typeof raw === 'string' ? parseDateText(raw) : undefined;
    case 'timestamp':
    case 'timestamp_ntz':
      return typeof raw === 'string' ? parseTimestampText(raw) : undefined;
    default:
      return undefined;
  }
}

function boundValues(raw: Record<string, unknown>, schema: StructType): StatsValues {
  const values: StatsValues = {};
  for (const field of schema.fields) {
    const value = boundValue(raw[field.name], field.type);
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

function nullCounts(raw: Record<string, unknown>, schema: StructType): StatsCounts {
  const counts: StatsCounts = {};
  for (const field of schema.fields) {
    const value = raw[field.name];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) counts[field.name] = value;
    else if (isObject(value) && typeof field.type === 'object' && field.type.type === 'struct') {
      counts[field.name] = nullCounts(value, field.type);
    }
  }
  return counts;
}

/** Typed statistics of one `add.stats` string; undefined when it is not usable JSON. */
export function parseFileStats(statsJson: string, schema: StructType): FileStats | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(statsJson);
  } catch {
    return undefined;
  }
  if (!isObject(raw)) return undefined;
  const numRecords = raw['numRecords'];
  const tightBounds = raw['tightBounds'];
  return {
    numRecords: typeof numRecords === 'number' && Number.isSafeInteger(numRecords) && numRecords >= 0 ? numRecords : undefined,
    tightBounds: typeof tightBounds === 'boolean' ? tightBounds : undefined,
    minValues: isObject(raw['minValues']) ? boundValues(raw['minValues'], schema) : {},
    maxValues: isObject(raw['maxValues']) ? boundValues(raw['maxValues'], schema) : {},
    nullCount: isObject(raw['nullCount']) ? nullCounts(raw['nullCount'], schema) : {},
  };
}

/** Strings in statistics are cut to this many code points (as Spark does). */
export const STATS_STRING_PREFIX = 32;
const MAX_CODE_POINT = String.fromCodePoint(0x10ffff);

/** Types whose min/max this library writes; other indexed columns get a nullCount only. */
const MIN_MAX_TYPES = new Set(['string', 'long', 'integer', 'short', 'byte', 'double', 'float', 'date', 'timestamp']);

export interface StatsColumn {
  name: string;
  type: DataType;
  /** SQL aliases of the aggregates in the stats query. */
  min?: string;
  max?: string;
  nonNull: string;
}

/**
 * The aggregates of a stats query over `columns` (the first indexed data columns): the caller
 * runs `SELECT count(*) AS num_records, <expressions> … GROUP BY …` and hands each result row to
 * statsFromAggregates.
 */
export function statsAggregates(columns: readonly { name: string; type: DataType }[], quote: (name: string) => string): {
  columns: StatsColumn[];
  expressions: string[];
} {
  const statsColumns: StatsColumn[] = [];
  const expressions: string[] = [];
  columns.forEach((field, index) => {
    const column = quote(field.name);
    const entry: StatsColumn = { name: field.name, type: field.type, nonNull: `non_null_${index}` };
    expressions.push(`count(${column}) AS ${entry.nonNull}`);
    if (typeof field.type === 'string' && MIN_MAX_TYPES.has(field.type)) {
      entry.min = `min_${index}`;
      entry.max = `max_${index}`;
      const wrap =
        field.type === 'timestamp'
          ? (aggregate: string) => `epoch_us(${aggregate})`
          : field.type === 'date'
            ? (aggregate: string) => `strftime(${aggregate}, '%Y-%m-%d')`
            : (aggregate: string) => aggregate;
      expressions.push(`${wrap(`min(${column})`)} AS ${entry.min}`, `${wrap(`max(${column})`)} AS ${entry.max}`);
    }
    statsColumns.push(entry);
  });
  return { columns: statsColumns, expressions };
}

type JsonStatsValue = string | number | bigint | boolean;

function truncatedMin(value: string): string {
  const codePoints = Array.from(value);
  return codePoints.length <= STATS_STRING_PREFIX ? value : codePoints.slice(0, STATS_STRING_PREFIX).join('');
}

/** A bound ≥ every string with this prefix: prefix + U+10FFFF (greatest code point, in UTF-8 byte order too). */
function truncatedMax(value: string): string {
  const codePoints = Array.from(value);
  return codePoints.length <= STATS_STRING_PREFIX ? value : codePoints.slice(0, STATS_STRING_PREFIX).join('') + MAX_CODE_POINT;
}

function boundForJson(value: unknown, type: DataType, side: 'min' | 'max'): JsonStatsValue | undefined {
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? (side === 'min' ? truncatedMin(value) : truncatedMax(value)) : undefined;
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'timestamp': {
      if (typeof value !== 'bigint') return undefined;
      // Statistics carry milliseconds: round the min down and the max up so both stay bounds.
      const millis = side === 'min' ? floorDiv(value, 1000n) : -floorDiv(-value, 1000n);
      return formatTimestampMillis(millis * 1000n);
    }
    case 'long':
      return typeof value === 'bigint' ? value : undefined;
    default:
      return typeof value === 'number' || typeof value === 'string' ? value : undefined;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** The `add.stats` JSON of one file from one row of the stats query. */
export function statsFromAggregates(numRecords: number, columns: readonly StatsColumn[], row: Readonly<Record<string, unknown>>): string {
  const minValues: Record<string, JsonStatsValue> = {};
  const maxValues: Record<string, JsonStatsValue> = {};
  const nullCount: Record<string, JsonStatsValue> = {};
  for (const column of columns) {
    nullCount[column.name] = numRecords - Number(row[column.nonNull]);
    if (column.min === undefined || column.max === undefined) continue;
    const min = boundForJson(row[column.min], column.type, 'min');
    const max = boundForJson(row[column.max], column.type, 'max');
    if (min !== undefined) minValues[column.name] = min;
    if (max !== undefined) maxValues[column.name] = max;
  }
  return `{"numRecords":${numRecords},"minValues":${jsonObject(minValues)},"maxValues":${jsonObject(maxValues)},"nullCount":${jsonObject(nullCount)}}`;
}

/** JSON of a flat object whose values may be bigint (written as exact JSON numbers). */
function jsonObject(values: Record<string, JsonStatsValue>): string {
  const members = Object.entries(values).map(
    ([key, value]) => `${JSON.stringify(key)}:${typeof value === 'bigint' ? value.toString() : JSON.stringify(value)}`,
  );
  return `{${members.join(',')}}`;
}
