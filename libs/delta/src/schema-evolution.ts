import { SchemaMismatchError } from './delta-errors';
import { validateSchema, type StructField, type StructType } from './delta-schema';
import type { WritableType } from './row-validation';

/**
 * Additive schema evolution (`mergeSchema: true`): columns present in the written rows and absent
 * from the table are appended to the schema as nullable columns, and the new schema is committed
 * as a metaData action with the data. Existing columns never change type or nullability; a new
 * column's type comes from the Arrow schema when the data is an Arrow table, otherwise from its
 * values (strings → string, booleans → boolean, bigints → long, Dates → timestamp, numbers → long
 * when every value is a safe integer, double otherwise).
 */

export interface SchemaMerge {
  schema: StructType;
  /** The columns added, in order; empty when the rows fit the table schema. */
  added: StructField[];
}

type ValueKind = 'string' | 'boolean' | 'bigint' | 'date' | 'integer-number' | 'fractional-number' | 'other';

function valueKind(value: unknown): ValueKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'bigint';
  if (value instanceof Date) return 'date';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer-number' : 'fractional-number';
  return 'other';
}

function inferType(table: string, column: string, kinds: ReadonlySet<ValueKind>): WritableType {
  const only = (...allowed: ValueKind[]) => [...kinds].every((kind) => allowed.includes(kind));
  if (kinds.size === 0) throw new SchemaMismatchError(table, `new column ${column}: every value is null, so its type cannot be inferred (pass an Arrow table)`);
  if (only('string')) return 'string';
  if (only('boolean')) return 'boolean';
  if (only('bigint', 'integer-number')) return 'long';
  if (only('integer-number', 'fractional-number')) return 'double';
  if (only('date')) return 'timestamp';
  throw new SchemaMismatchError(table, `new column ${column}: values of mixed or unsupported kinds (${[...kinds].join(', ')})`);
}

/**
 * The table schema extended with the new columns of `rows`. `columnTypes` gives the type of a
 * column when it is known (Arrow input; undefined for an Arrow type the writer cannot produce).
 */
export function mergeSchema(
  table: string,
  schema: StructType,
  rows: readonly Readonly<Record<string, unknown>>[],
  columnTypes?: ReadonlyMap<string, WritableType | undefined>,
): SchemaMerge {
  const known = new Map(schema.fields.map((field) => [field.name.toLowerCase(), field.name]));
  const kinds = new Map<string, Set<ValueKind>>();
  const consider = (column: string) => {
    if (kinds.has(column)) return;
    const existing = known.get(column.toLowerCase());
    if (existing !== undefined && existing !== column) {
      throw new SchemaMismatchError(table, `column ${column} differs only in case from the table column ${existing} (names are case-insensitive)`);
    }
    if (existing === undefined) kinds.set(column, new Set());
  };
  for (const column of columnTypes?.keys() ?? []) consider(column);
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (!kinds.has(column)) consider(column);
      if (value !== null && value !== undefined) kinds.get(column)?.add(valueKind(value));
    }
  }
  if (kinds.size === 0) return { schema, added: [] };
  const added: StructField[] = [...kinds].map(([column, seen]) => {
    let type: WritableType;
    if (columnTypes?.has(column)) {
      const given = columnTypes.get(column);
      if (given === undefined) throw new SchemaMismatchError(table, `new column ${column}: its Arrow type has no writable Delta type`);
      type = given;
    } else {
      type = inferType(table, column, seen);
    }
    return { name: column, type, nullable: true, metadata: {} };
  });
  const merged: StructType = { type: 'struct', fields: [...schema.fields, ...added] };
  try {
    return { schema: validateSchema(merged), added };
  } catch (error) {
    throw new SchemaMismatchError(table, (error as Error).message, { cause: error });
  }
}
