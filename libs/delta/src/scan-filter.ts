import type { StructType } from './delta-schema';
import { findField } from './delta-schema';
import type { StatsCounts, StatsValues } from './file-stats';
import { STATS_STRING_PREFIX } from './file-stats';
import { convertCell, isWritableType, type WritableType } from './row-validation';
import type { DeltaScalar } from './scalar-values';
import type { LiveFile } from './snapshot';
import { sqlIdentifier, sqlLiteral } from './sql-literals';

/**
 * Filters of a scan: a conjunction (AND) of simple predicates on top-level columns. They select
 * files (partition pruning on the partition values, data skipping on min/max/nullCount
 * statistics) and are also applied to the rows in SQL, so a file that is kept by caution only
 * costs time, never correctness. Values are given like appended values (see row-validation.ts).
 */
export type ScanPredicate =
  | { column: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: unknown }
  | { column: string; op: 'in'; values: readonly unknown[] }
  | { column: string; op: 'is null' | 'is not null' };

export type TypedPredicate =
  | { column: string; type: WritableType; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Exclude<DeltaScalar, null> }
  | { column: string; type: WritableType; op: 'in'; values: Exclude<DeltaScalar, null>[] }
  | { column: string; type: WritableType; op: 'is null' | 'is not null' };

export class InvalidScanFilterError extends Error {
  constructor(predicate: ScanPredicate, detail: string) {
    super(`scan filter ${JSON.stringify(predicate, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}: ${detail}`);
    this.name = 'InvalidScanFilterError';
  }
}

function typedValue(predicate: ScanPredicate, value: unknown, type: WritableType): Exclude<DeltaScalar, null> {
  if (value === null || value === undefined) throw new InvalidScanFilterError(predicate, 'compare with null using "is null" / "is not null"');
  const converted = convertCell(value, type);
  if (!converted.ok) throw new InvalidScanFilterError(predicate, `expected ${converted.expected} for a ${type} column`);
  return converted.value as Exclude<DeltaScalar, null>;
}

export function typePredicates(schema: StructType, predicates: readonly ScanPredicate[]): TypedPredicate[] {
  return predicates.map((predicate): TypedPredicate => {
    const field = findField(schema, predicate.column);
    if (!field) throw new InvalidScanFilterError(predicate, 'no such column');
    if (!isWritableType(field.type)) throw new InvalidScanFilterError(predicate, `columns of type ${JSON.stringify(field.type)} cannot be filtered`);
    const type = field.type;
    switch (predicate.op) {
      case 'is null':
      case 'is not null':
        return { column: predicate.column, type, op: predicate.op };
      case 'in':
        return { column: predicate.column, type, op: 'in', values: predicate.values.map((value) => typedValue(predicate, value, type)) };
      default:
        return { column: predicate.column, type, op: predicate.op, value: typedValue(predicate, predicate.value, type) };
    }
  });
}

/** Orders two values of one column; strings by code point (= UTF-8 byte order, as writers do). */
function compare(left: Exclude<DeltaScalar, null>, right: Exclude<DeltaScalar, null>): number {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = Array.from(left);
    const b = Array.from(right);
    for (let index = 0; index < Math.min(a.length, b.length); index++) {
      const difference = ((a[index] as string).codePointAt(0) ?? 0) - ((b[index] as string).codePointAt(0) ?? 0);
      if (difference !== 0) return difference;
    }
    return a.length - b.length;
  }
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (typeof left === 'bigint' && typeof right === 'bigint') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  return Number.NaN;
}

function isUnordered(value: Exclude<DeltaScalar, null>): boolean {
  return typeof value === 'number' && Number.isNaN(value);
}

/** SQL truth of a predicate for one known value (null → never true). */
export function holds(predicate: TypedPredicate, value: DeltaScalar): boolean {
  switch (predicate.op) {
    case 'is null':
      return value === null;
    case 'is not null':
      return value !== null;
    case 'in':
      return value !== null && predicate.values.some((candidate) => compare(value, candidate) === 0);
    default: {
      if (value === null) return false;
      const order = compare(value, predicate.value);
      if (Number.isNaN(order)) return true;
      const outcomes: Record<typeof predicate.op, boolean> = {
        '=': order === 0,
        '!=': order !== 0,
        '<': order < 0,
        '<=': order <= 0,
        '>': order > 0,
        '>=': order >= 0,
      };
      return outcomes[predicate.op];
    }
  }
}

interface ColumnBounds {
  min: Exclude<DeltaScalar, null> | undefined;
  max: Exclude<DeltaScalar, null> | undefined;
  nullCount: number | undefined;
  numRecords: number | undefined;
}

function bounds(file: LiveFile, column: string, type: WritableType): ColumnBounds {
  const stats = file.stats;
  const leaf = (values: StatsValues | undefined) => {
    const value = values?.[column];
    return value === null || value === undefined || (typeof value === 'object' && !(value instanceof Uint8Array)) ? undefined : value;
  };
  const count = (counts: StatsCounts | undefined) => {
    const value = counts?.[column];
    return typeof value === 'number' ? value : undefined;
  };
  let min = leaf(stats?.minValues);
  let max = leaf(stats?.maxValues);
  if (type === 'timestamp' && typeof max === 'bigint') max += 999n; // writers truncate timestamps to milliseconds
  if (type === 'string' && typeof max === 'string' && Array.from(max).length >= STATS_STRING_PREFIX && !max.endsWith(String.fromCodePoint(0x10ffff))) {
    max = undefined; // possibly a truncated prefix, not an upper bound
  }
  if ((min !== undefined && isUnordered(min)) || (max !== undefined && isUnordered(max))) {
    min = undefined;
    max = undefined;
  }
  return { min, max, nullCount: count(stats?.nullCount), numRecords: stats?.numRecords };
}

/** True only when the statistics prove that no row of the file satisfies the predicate. */
function statsExclude(predicate: TypedPredicate, file: LiveFile): boolean {
  const { min, max, nullCount, numRecords } = bounds(file, predicate.column, predicate.type);
  const allNull = nullCount !== undefined && numRecords !== undefined && nullCount === numRecords;
  if (predicate.op === 'is null') return nullCount === 0;
  if (predicate.op === 'is not null') return allNull;
  if (allNull) return true;
  const below = (value: Exclude<DeltaScalar, null>) => min !== undefined && compare(value, min) < 0;
  const above = (value: Exclude<DeltaScalar, null>) => max !== undefined && compare(value, max) > 0;
  switch (predicate.op) {
    case 'in':
      return predicate.values.every((value) => !isUnordered(value) && (below(value) || above(value)));
    case '=':
      return !isUnordered(predicate.value) && (below(predicate.value) || above(predicate.value));
    case '!=':
      return min !== undefined && max !== undefined && compare(min, predicate.value) === 0 && compare(max, predicate.value) === 0;
    case '<':
      return min !== undefined && !isUnordered(predicate.value) && compare(min, predicate.value) >= 0;
    case '<=':
      return min !== undefined && !isUnordered(predicate.value) && compare(min, predicate.value) > 0;
    case '>':
      return max !== undefined && !isUnordered(predicate.value) && compare(max, predicate.value) <= 0;
    case '>=':
      return max !== undefined && !isUnordered(predicate.value) && compare(max, predicate.value) < 0;
  }
}

/** Whether a file may hold rows matching every predicate. */
export function fileMayMatch(file: LiveFile, predicates: readonly TypedPredicate[], partitionColumns: ReadonlySet<string>): boolean {
  return predicates.every((predicate) =>
    partitionColumns.has(predicate.column) ? holds(predicate, file.partitionValues[predicate.column] ?? null) : !statsExclude(predicate, file),
  );
}

/**
 * The predicates as a SQL condition over the scan's output columns. `redactValues` writes `?` for
 * every value: the text to record in a commit when the values are personal data (erasure).
 */
export function predicateSql(predicates: readonly TypedPredicate[], options: { redactValues?: boolean } = {}): string {
  const literal: typeof sqlLiteral = options.redactValues ? () => '?' : sqlLiteral;
  return predicates
    .map((predicate) => {
      const column = sqlIdentifier(predicate.column);
      switch (predicate.op) {
        case 'is null':
          return `${column} IS NULL`;
        case 'is not null':
          return `${column} IS NOT NULL`;
        case 'in':
          return `${column} IN (${predicate.values.map((value) => literal(value, predicate.type)).join(', ')})`;
        default:
          return `${column} ${predicate.op === '!=' ? '<>' : predicate.op} ${literal(predicate.value, predicate.type)}`;
      }
    })
    .join(' AND ');
}
