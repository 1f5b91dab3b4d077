import type { RefereeColumnType } from '@music/test-support';
import type { StructType } from '../delta-schema';
import type { DeltaTable } from '../delta-table';

/**
 * The table of the interop tests against the reference implementations (delta-rs, Delta Spark):
 * every column type, nulls, two partition columns, one partition value needing escapes; and rows
 * as canonical text, so that each reader's rows compare as multisets.
 */

export const COLUMNS: [string, RefereeColumnType][] = [
  ['id', 'long'],
  ['user_id', 'string'],
  ['seconds', 'integer'],
  ['small', 'short'],
  ['tiny', 'byte'],
  ['score', 'double'],
  ['ratio', 'float'],
  ['liked', 'boolean'],
  ['played_at', 'timestamp'],
  ['day', 'date'],
  ['country', 'string'],
];
export const PARTITION_COLUMNS = ['day', 'country'];
export const SCHEMA: StructType = {
  type: 'struct',
  fields: COLUMNS.map(([name, type]) => ({ name, type, nullable: name !== 'id', metadata: {} })),
};

export type Row = Record<string, string | number | boolean | null>;

/** Rows `first`…`first + count - 1`: every type, nulls, three days, and a partition value needing escapes. */
export function makeRows(first: number, count: number): Row[] {
  return Array.from({ length: count }, (_, index) => {
    const id = first + index;
    return {
      id,
      user_id: `u${id % 3}`,
      seconds: id % 5 === 0 ? null : id * 10,
      small: id - 100,
      tiny: (id % 7) - 3,
      score: id / 8,
      ratio: id % 4 === 0 ? null : (id % 16) / 4,
      liked: id % 2 === 0,
      played_at: `2024-03-0${1 + (id % 3)}T10:${String(id % 60).padStart(2, '0')}:00.${String(id * 1001).padStart(6, '0').slice(-6)}Z`,
      day: `2024-03-0${1 + (id % 3)}`,
      country: id % 6 === 0 ? null : (['FR', 'Côte d:Ivoire', 'DE'][id % 3] as string),
    };
  });
}

function canonicalTimestamp(text: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(?:Z|\+00:00)$/.exec(text);
  if (!match) throw new Error(`unexpected timestamp text ${text}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0')}Z`;
}

/** One row as comparable text: the given columns in order, nulls as ∅, timestamps to the microsecond. */
function canonical(row: Record<string, unknown>, columns: readonly string[]): string {
  return columns
    .map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return '∅';
      return column === 'played_at' ? canonicalTimestamp(String(value)) : String(value);
    })
    .join('|');
}

export function multiset(rows: readonly Record<string, unknown>[], columns: readonly string[]): string[] {
  return rows.map((row) => canonical(row, columns)).sort();
}

/** The table as this library reads it at `version`, in the canonical form. */
export async function ourRows(table: DeltaTable, columns: readonly string[], version?: number): Promise<string[]> {
  const snapshot = version === undefined ? table.snapshot() : await table.snapshotAt({ version });
  const plan = await table.scan({ snapshot });
  const select = columns.map((column) => {
    if (column === 'played_at') return `strftime(played_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS played_at`;
    if (column === 'day') return `strftime(day, '%Y-%m-%d') AS day`;
    return `"${column}"`;
  });
  return multiset(await table.duckdb.rows(`SELECT ${select.join(', ')} FROM (${plan.sql})`), columns);
}

export const BASE_COLUMNS = COLUMNS.map(([name]) => name);
export const EVOLVED_COLUMNS = [...BASE_COLUMNS, 'genre'];
