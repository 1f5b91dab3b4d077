import type { DataType, StructField, StructType } from './delta-schema';
import { daysFromCivil, parseDateText, parseTimestampText, type DeltaScalar } from './scalar-values';

/**
 * Schema enforcement for appended rows: every row is checked against the table schema and
 * converted to the typed representation of scalar-values.ts before anything is written.
 */

export const WRITABLE_TYPES = ['string', 'long', 'integer', 'short', 'byte', 'double', 'float', 'boolean', 'date', 'timestamp'] as const;
export type WritableType = (typeof WRITABLE_TYPES)[number];

export function isWritableType(type: DataType): type is WritableType {
  return typeof type === 'string' && (WRITABLE_TYPES as readonly string[]).includes(type);
}

/** Columns of the schema whose type the writer cannot produce (nested, decimal, binary, …). */
export function unwritableColumns(schema: StructType): string[] {
  return schema.fields.filter((field) => !isWritableType(field.type)).map((field) => `${field.name} (${JSON.stringify(field.type)})`);
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const ZONED_TIMESTAMP = /(Z|[+-]\d{2}:?\d{2})$/i;

export type Converted = { ok: true; value: DeltaScalar } | { ok: false; expected: string };

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// Module-level helpers: closures created per cell cost dearly in hot loops (100k-row batches).
function fail(expected: string): Converted {
  return { ok: false, expected };
}

/** The number written by `count` ASCII digits of `text` from `start`; -1 if one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Microseconds of `YYYY-MM-DDTHH:MM:SS.sssZ` (what Date#toISOString writes, the common case),
 * parsed without allocating; undefined for any other form or an impossible date or time.
 */
function canonicalIsoMicros(text: string): bigint | undefined {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const millis = digitsAt(text, 20, 3);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return undefined;
  const epochMillis = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return BigInt(epochMillis) * 1000n;
}

/** One cell: JS value → typed value of `type`, or what was expected. */
export function convertCell(value: unknown, type: WritableType): Converted {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : fail('a string');
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail('a boolean');
    case 'double':
    case 'float':
      return typeof value === 'number' ? { ok: true, value } : fail('a number');
    case 'byte':
    case 'short':
    case 'integer': {
      const [min, max] = INTEGER_RANGES[type] as [number, number];
      const number = typeof value === 'bigint' ? Number(value) : value;
      return typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max
        ? { ok: true, value: number }
        : fail(`an integer in [${min}, ${max}]`);
    }
    case 'long': {
      if (typeof value === 'bigint') return value >= LONG_MIN && value <= LONG_MAX ? { ok: true, value } : fail('a 64-bit integer');
      return typeof value === 'number' && Number.isSafeInteger(value) ? { ok: true, value: BigInt(value) } : fail('a bigint or a safe integer number');
    }
    case 'date': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) {
        return { ok: true, value: daysFromCivil(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()) };
      }
      const days = typeof value === 'string' ? parseDateText(value) : undefined;
      return days === undefined ? fail('a Date or a YYYY-MM-DD string') : { ok: true, value: days };
    }
    case 'timestamp': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return { ok: true, value: BigInt(value.getTime()) * 1000n };
      if (typeof value !== 'string') return fail('a Date or an ISO 8601 string with a zone (Z or ±HH:MM)');
      const micros = canonicalIsoMicros(value) ?? (ZONED_TIMESTAMP.test(value.trim()) ? parseTimestampText(value) : undefined);
      return micros === undefined ? fail('a Date or an ISO 8601 string with a zone (Z or ±HH:MM)') : { ok: true, value: micros };
    }
  }
}

export interface RowIssue {
  row: number;
  column: string;
  message: string;
}

export interface ValidatedRows {
  /** One array per schema field, in schema order. */
  columns: DeltaScalar[][];
  rowCount: number;
}

const MAX_REPORTED_ISSUES = 5;

/** Checks and converts rows; `issues` lists the first problems (unknown column, type, null in a non-nullable column). */
export function validateRows(
  rows: readonly Readonly<Record<string, unknown>>[],
  schema: StructType,
): { ok: true; rows: ValidatedRows } | { ok: false; issues: RowIssue[]; total: number } {
  const fields = schema.fields as (StructField & { type: WritableType })[];
  const known = new Set(fields.map((field) => field.name));
  const columns: DeltaScalar[][] = fields.map(() => new Array<DeltaScalar>(rows.length));
  const issues: RowIssue[] = [];
  let total = 0;
  const report = (issue: RowIssue) => {
    total++;
    if (issues.length < MAX_REPORTED_ISSUES) issues.push(issue);
  };
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      report({ row: rowIndex, column: '(row)', message: `expected an object, got ${describe(row)}` });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) report({ row: rowIndex, column: key, message: 'not a column of the table' });
    }
    for (let columnIndex = 0; columnIndex < fields.length; columnIndex++) {
      const field = fields[columnIndex] as StructField & { type: WritableType };
      const raw = row[field.name];
      const target = columns[columnIndex] as DeltaScalar[];
      if (raw === null || raw === undefined) {
        if (!field.nullable) report({ row: rowIndex, column: field.name, message: 'null in a non-nullable column' });
        target[rowIndex] = null;
        continue;
      }
      // The common cases need no conversion.
      if ((field.type === 'string' && typeof raw === 'string') || (field.type === 'boolean' && typeof raw === 'boolean')) {
        target[rowIndex] = raw;
        continue;
      }
      const converted = convertCell(raw, field.type);
      if (converted.ok) target[rowIndex] = converted.value;
      else report({ row: rowIndex, column: field.name, message: `expected ${converted.expected} (${field.type}), got ${describe(raw)}` });
    }
  }
  return total === 0 ? { ok: true, rows: { columns, rowCount: rows.length } } : { ok: false, issues, total };
}
