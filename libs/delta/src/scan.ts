import { mapWithConcurrency } from '@music/storage';
import { DeltaError } from './delta-errors';
import type { StructField } from './delta-schema';
import { fileMayMatch, predicateSql, typePredicates, type ScanPredicate } from './scan-filter';
import type { LiveFile, Snapshot } from './snapshot';
import { duckdbType, sqlIdentifier, sqlLiteral, sqlString, sqlStringList } from './sql-literals';
import type { TableContext } from './table-context';

/**
 * A DuckDB query over exactly the live files of a snapshot: data columns read from Parquet
 * (matched by name, missing ones as NULL, cast to the table type), partition columns from the
 * log, in schema order. `void` columns are dropped, as the protocol recommends.
 */

export interface ScanOptions {
  /** Output columns, in this order (default: every column in schema order). */
  columns?: readonly string[];
  /** Rows must satisfy every predicate; files that cannot hold such rows are not read. */
  filter?: readonly ScanPredicate[];
}

export interface ScanPlan {
  /** A SELECT returning the table rows; valid in the table's DuckDB session. */
  sql: string;
  /** The files read (after partition pruning and data skipping). */
  files: readonly LiveFile[];
  /** Live files left out by the filter. */
  skippedFiles: number;
  /** Output columns, in order. */
  columns: readonly StructField[];
}

/** The column holding the local path of each row's file, when asked for. */
export const SOURCE_FILE_COLUMN = '__delta_source_file';
const LOCALIZE_CONCURRENCY = 8;

async function localPath(context: TableContext, file: LiveFile): Promise<string> {
  if (file.add.deletionVector) {
    throw new DeltaError(context.uri, `file ${file.add.path} has a deletion vector, which this library cannot apply`);
  }
  if (file.location.kind === 'table') return context.cache.localPath(file.location.key, file.add.size);
  // External URIs are already decoded: only the path after `file://<host>` is kept.
  const local = /^file:\/\/[^/]*(\/.*)$/.exec(file.location.uri);
  if (local) return local[1] as string;
  throw new DeltaError(context.uri, `file ${file.add.path} is outside the table (${file.location.uri}); only files under the table root can be read`);
}

function outputColumns(context: TableContext, snapshot: Snapshot, names: readonly string[] | undefined): StructField[] {
  const readable = snapshot.schema.fields.filter((field) => field.type !== 'void');
  if (names === undefined) return readable;
  return names.map((name) => {
    const field = readable.find((candidate) => candidate.name === name);
    if (!field) throw new DeltaError(context.uri, `scan column ${JSON.stringify(name)} is not a readable column of the table`);
    return field;
  });
}

export async function planScan(context: TableContext, snapshot: Snapshot, options: ScanOptions = {}): Promise<ScanPlan> {
  const columns = outputColumns(context, snapshot, options.columns);
  const partitionColumns = new Set(snapshot.partitionColumns);
  const predicates = typePredicates(snapshot.schema, options.filter ?? []);
  const files = predicates.length === 0 ? snapshot.files : snapshot.files.filter((file) => fileMayMatch(file, predicates, partitionColumns));
  const skippedFiles = snapshot.files.length - files.length;
  const names = columns.map((field) => sqlIdentifier(field.name)).join(', ');
  // Filtered columns may not be among the output ones: read them, filter, then project.
  const filterColumns = predicates.map((predicate) => predicate.column).filter((name) => !columns.some((field) => field.name === name));
  const readColumns = [...columns, ...outputColumns(context, snapshot, [...new Set(filterColumns)])];
  const { sql: rows } = await filesSql(context, snapshot, files, readColumns);
  const sql = predicates.length === 0 ? rows : `SELECT ${names} FROM (${rows}) WHERE ${predicateSql(predicates)}`;
  return { sql, files, skippedFiles, columns };
}

export interface FilesQuery {
  /** SELECT of `columns` (plus SOURCE_FILE_COLUMN when asked) over the files. */
  sql: string;
  /** Local path of each file, in input order (the values of SOURCE_FILE_COLUMN). */
  paths: readonly string[];
}

/**
 * SQL over exactly `files` of `snapshot`, with their table types; with `sourceFile`, the local
 * path each row comes from is the extra column SOURCE_FILE_COLUMN.
 */
export async function filesSql(
  context: TableContext,
  snapshot: Snapshot,
  files: readonly LiveFile[],
  columns: readonly StructField[],
  options: { sourceFile?: boolean } = {},
): Promise<FilesQuery> {
  const partitionColumns = new Set(snapshot.partitionColumns);
  const sourceFile = sqlIdentifier(SOURCE_FILE_COLUMN);
  if (files.length === 0) {
    const nulls = columns.map((field) => `CAST(NULL AS ${duckdbType(field.type)}) AS ${sqlIdentifier(field.name)}`);
    if (options.sourceFile) nulls.push(`CAST(NULL AS VARCHAR) AS ${sourceFile}`);
    return { sql: `SELECT ${nulls.join(', ')} WHERE FALSE`, paths: [] };
  }
  const remote = files.filter((file) => file.location.kind === 'table').map((file) => ({ key: (file.location as { key: string }).key, size: file.add.size }));
  context.cache.assertCapacity(remote);
  const paths = await mapWithConcurrency(files, LOCALIZE_CONCURRENCY, (file) => localPath(context, file));
  // Partition values come from the log through a join on the file name, only when asked for.
  const partitionFields = columns.filter((field) => partitionColumns.has(field.name));
  const partitioned = partitionFields.length > 0;
  const withFileName = partitioned || options.sourceFile === true;
  const source = `read_parquet(${sqlStringList(paths)}, union_by_name = true${withFileName ? `, filename = ${sqlString(SOURCE_FILE_COLUMN)}` : ''})`;
  const described = await context.duckdb.rows(`DESCRIBE SELECT * FROM ${source}`);
  const physical = new Map(
    described.map((row) => String(row['column_name'])).filter((name) => name !== SOURCE_FILE_COLUMN).map((name) => [name.toLowerCase(), name]),
  );
  const select = columns.map((field) => {
    const name = sqlIdentifier(field.name);
    const type = duckdbType(field.type);
    if (partitionColumns.has(field.name)) return `p.${name} AS ${name}`;
    const found = physical.get(field.name.toLowerCase());
    return found === undefined ? `CAST(NULL AS ${type}) AS ${name}` : `CAST(d.${sqlIdentifier(found)} AS ${type}) AS ${name}`;
  });
  if (options.sourceFile) select.push(`d.${sourceFile} AS ${sourceFile}`);
  if (!partitioned) return { sql: `SELECT ${select.join(', ')} FROM ${source} AS d`, paths };
  const values = files.map((file, index) => {
    const literals = partitionFields.map((field) => sqlLiteral(file.partitionValues[field.name] ?? null, field.type));
    return `(${[sqlString(paths[index] as string), ...literals].join(', ')})`;
  });
  const names = [sourceFile, ...partitionFields.map((field) => sqlIdentifier(field.name))].join(', ');
  return {
    sql: `SELECT ${select.join(', ')} FROM ${source} AS d JOIN (VALUES ${values.join(', ')}) AS p(${names}) ON d.${sourceFile} = p.${sourceFile}`,
    paths,
  };
}
