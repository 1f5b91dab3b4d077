import type { AddAction } from './actions';
import { DeltaError, ReplaceWhereMismatchError } from './delta-errors';
import { findField, type StructField, type StructType } from './delta-schema';
import { parsePartitionValue, serializePartitionValue } from './partition-values';
import type { ValidatedRows } from './row-validation';
import type { DeltaScalar } from './scalar-values';
import { holds, predicateSql, typePredicates, type ScanPredicate, type TypedPredicate } from './scan-filter';
import type { LiveFile, Snapshot } from './snapshot';

/**
 * The partitions an overwrite replaces (`replaceWhere`): a conjunction of predicates on partition
 * columns only, so that whether a file is replaced is decided exactly from its partition values.
 * Every written row must fall inside (as Delta's replaceWhere requires), and a file added
 * concurrently inside is a conflict.
 */

const MAX_REPORTED_ROWS = 5;

/**
 * Typed predicates on partition columns (`option` names them in errors); undefined (no
 * predicates) selects the whole table.
 */
export function typeReplaceWhere(
  table: string,
  snapshot: Snapshot,
  replaceWhere: readonly ScanPredicate[] | undefined,
  option = 'replaceWhere',
): TypedPredicate[] | undefined {
  if (replaceWhere === undefined) return undefined;
  if (replaceWhere.length === 0) throw new DeltaError(table, `${option} needs at least one predicate; leave it out to select the whole table`);
  const partitionColumns = new Set(snapshot.partitionColumns);
  for (const predicate of replaceWhere) {
    if (!partitionColumns.has(predicate.column)) {
      throw new DeltaError(
        table,
        `${option} may only name partition columns (${snapshot.partitionColumns.join(', ') || 'the table has none'}); ${predicate.column} is not one`,
      );
    }
  }
  return typePredicates(snapshot.schema, replaceWhere);
}

function inside(predicates: readonly TypedPredicate[], partitionValues: Readonly<Record<string, DeltaScalar>>): boolean {
  return predicates.every((predicate) => holds(predicate, partitionValues[predicate.column] ?? null));
}

/** The live files the overwrite replaces. */
export function replacedFiles(snapshot: Snapshot, predicates: readonly TypedPredicate[] | undefined): LiveFile[] {
  if (predicates === undefined) return [...snapshot.files];
  return snapshot.files.filter((file) => inside(predicates, file.partitionValues));
}

/** Throws ReplaceWhereMismatchError when a validated row lies outside the replaced partitions. */
export function assertRowsInside(table: string, schema: StructType, predicates: readonly TypedPredicate[], rows: ValidatedRows): void {
  const columns = [...new Set(predicates.map((predicate) => predicate.column))].map((column) => {
    const index = schema.fields.findIndex((field) => field.name === column);
    return { column, type: (schema.fields[index] as StructField).type, values: rows.columns[index] as DeltaScalar[] };
  });
  const outside: string[] = [];
  let total = 0;
  for (let row = 0; row < rows.rowCount; row++) {
    const values = Object.fromEntries(columns.map(({ column, values: cells }) => [column, cells[row] ?? null]));
    if (inside(predicates, values)) continue;
    total++;
    if (outside.length < MAX_REPORTED_ROWS) {
      outside.push(`row ${row} (${columns.map(({ column, type }) => `${column}=${serializePartitionValue(column, values[column] ?? null, type) ?? 'null'}`).join(', ')})`);
    }
  }
  if (total > 0) {
    const more = total > outside.length ? ` and ${total - outside.length} more` : '';
    throw new ReplaceWhereMismatchError(table, `${outside.join('; ')}${more} do not satisfy ${predicateSql(predicates)}`);
  }
}

/** Throws ReplaceWhereMismatchError when a written file's partition lies outside the replaced partitions. */
export function assertFilesInside(table: string, schema: StructType, partitionColumns: readonly string[], predicates: readonly TypedPredicate[], files: readonly { rows: number; add: AddAction }[]): void {
  const isInside = addedInside(schema, partitionColumns, predicates);
  const outside = files.filter((file) => !isInside(file.add));
  if (outside.length === 0) return;
  const partitions = outside
    .slice(0, MAX_REPORTED_ROWS)
    .map((file) => `${file.rows} row${file.rows === 1 ? '' : 's'} in (${partitionColumns.map((column) => `${column}=${file.add.partitionValues[column] ?? 'null'}`).join(', ')})`);
  const more = outside.length > partitions.length ? ` and ${outside.length - partitions.length} more partitions` : '';
  throw new ReplaceWhereMismatchError(table, `${partitions.join('; ')}${more} do not satisfy ${predicateSql(predicates)}`);
}

/** Whether a concurrently added file lies in the replaced partitions (unparsable: assumed so). */
export function addedInside(schema: StructType, partitionColumns: readonly string[], predicates: readonly TypedPredicate[] | undefined): (add: AddAction) => boolean {
  return (add) => {
    if (predicates === undefined) return true;
    try {
      const values = Object.fromEntries(
        partitionColumns.map((column) => [column, parsePartitionValue(column, add.partitionValues[column], findField(schema, column)?.type ?? 'string')]),
      );
      return inside(predicates, values);
    } catch {
      return true;
    }
  };
}
