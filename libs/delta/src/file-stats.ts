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

/**
 * What DuckDB reports for one column of a Parquet file it wrote (`COPY … RETURN_STATS`), read
 * from the file's footer: `null_count`, and `min`/`max` as DuckDB's text of the value (absent
 * when the column has no non-null value). For floating-point columns `has_nan` says whether NaN
 * occurs; the bounds then leave NaN out. Strings longer than DuckDB keeps are a truncated prefix
 * (min) and a prefix incremented past every string it starts (max).
 */
export type ColumnStatistics = ReadonlyMap<string, string>;

function floatStatistic(text: string): number | undefined {
  if (/^-?inf(inity)?$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^-?nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) ? undefined : value;
}

/** A statistic text of DuckDB → the typed value of scalar-values.ts; undefined when unusable. */
function statisticValue(text: string | undefined, type: DataType): DeltaScalar | undefined {
  if (text === undefined) return undefined;
  switch (type) {
    case 'string':
      return text;
    case 'byte':
    case 'short':
    case 'integer': {
      const value = Number(text);
      return /^-?\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined;
    }
    case 'long':
      return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
    case 'double':
      return floatStatistic(text);
    case 'float': {
      // DuckDB prints the shortest text of the 32-bit value; the bound is that value exactly.
      const value = floatStatistic(text);
      return value === undefined ? undefined : Math.fround(value);
    }
    case 'date':
      // Written as the date text itself (YYYY-MM-DD), once checked.
      return parseDateText(text) === undefined ? undefined : text;
    case 'timestamp':
      return parseTimestampText(text);
    default:
      return undefined;
  }
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

/**
 * The `add.stats` JSON of one file: `numRecords`, and for `columns` (the first indexed data
 * columns) `nullCount` and, for strings, numbers, dates and timestamps, `minValues`/`maxValues`
 * from the column statistics DuckDB reported for the file. A floating-point column holding NaN
 * gets no max (NaN sorts above every number, so the largest other value is no bound).
 */
export function statsFromColumnStatistics(
  numRecords: number,
  columns: readonly { name: string; type: DataType }[],
  statisticsOf: (column: string) => ColumnStatistics | undefined,
): string {
  const minValues: Record<string, JsonStatsValue> = {};
  const maxValues: Record<string, JsonStatsValue> = {};
  const nullCount: Record<string, JsonStatsValue> = {};
  for (const column of columns) {
    const statistics = statisticsOf(column.name);
    const nulls = Number(statistics?.get('null_count'));
    if (Number.isSafeInteger(nulls) && nulls >= 0) nullCount[column.name] = nulls;
    if (statistics === undefined || typeof column.type !== 'string' || !MIN_MAX_TYPES.has(column.type)) continue;
    const min = boundForJson(statisticValue(statistics.get('min'), column.type), column.type, 'min');
    const max = statistics.get('has_nan') === 'true' ? undefined : boundForJson(statisticValue(statistics.get('max'), column.type), column.type, 'max');
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
