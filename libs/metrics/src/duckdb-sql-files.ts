import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';

/** Where the lib's `.sql` files live: `libs/metrics/sql`. */
export const SQL_DIRECTORY = join(__dirname, '..', 'sql');

/**
 * One SELECT statement read from a `.sql` file. Relations are written `{{name}}` and replaced by
 * quoted identifiers; values are DuckDB named parameters (`$name`), always bound, never spliced.
 */
export interface SqlFile {
  path: string;
  text: string;
  relations: readonly string[];
  parameters: readonly string[];
}

const RELATION_PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/g;
const PARAMETER = /\$([a-z_][a-z0-9_]*)/g;
const RELATION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;

const cache = new Map<string, Promise<SqlFile>>();

/** `"schema"."table"` from `schema.table`; refuses anything but plain identifiers. */
export function quoteRelationName(name: string): string {
  if (!RELATION_NAME.test(name)) {
    throw new Error(`Relation name ${JSON.stringify(name)} is not an identifier or a dotted path of identifiers (letters, digits, _)`);
  }
  return name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}

function withoutCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

function uniqueMatches(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1] as string))].sort();
}

/** Parses SQL text into a SqlFile; `path` only names it in errors. */
export function parseSqlFile(path: string, text: string): SqlFile {
  const body = text.trim().replace(/;\s*$/, '');
  if (body.length === 0) throw new Error(`SQL file ${path} is empty`);
  const code = withoutCommentsAndStrings(body);
  if (code.includes(';')) throw new Error(`SQL file ${path} must hold exactly one statement (found a ';' inside)`);
  return { path, text: body, relations: uniqueMatches(code, RELATION_PLACEHOLDER), parameters: uniqueMatches(code, PARAMETER) };
}

/** Reads `relativePath` under `directory` once per process. */
export function loadSqlFile(relativePath: string, directory: string = SQL_DIRECTORY): Promise<SqlFile> {
  const path = join(directory, relativePath);
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = readFile(path, 'utf8').then(
      (text) => parseSqlFile(path, text),
      (error: unknown) => {
        throw new Error(`Cannot read SQL file ${path}`, { cause: error });
      },
    );
    loaded.catch(() => cache.delete(path));
    cache.set(path, loaded);
  }
  return loaded;
}

function sameKeys(file: SqlFile, kind: string, declared: readonly string[], given: readonly string[]): void {
  const missing = declared.filter((name) => !given.includes(name));
  const unknown = given.filter((name) => !declared.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `not used by the file: ${unknown.join(', ')}` : ''];
    throw new Error(`SQL file ${file.path}: ${kind} do not match (${parts.filter(Boolean).join('; ')}); it uses ${declared.join(', ') || 'none'}`);
  }
}

/** The file's SELECT with every `{{relation}}` replaced by the quoted name given for it. */
export function renderSqlFile(file: SqlFile, relations: Readonly<Record<string, string>>): string {
  sameKeys(file, 'relations', file.relations, Object.keys(relations));
  return file.text.replace(RELATION_PLACEHOLDER, (_match, name: string) => quoteRelationName(relations[name] as string));
}

export interface SqlFileRun {
  relations: Readonly<Record<string, string>>;
  parameters: Readonly<Record<string, DuckDBValue>>;
  /** Types of parameters DuckDB cannot infer from the value, e.g. an empty list. */
  types?: Readonly<Record<string, DuckDBType>>;
}

/** Creates (or replaces) table `into` with the file's result. */
export async function createTableFromSqlFile(connection: DuckDBConnection, file: SqlFile, into: string, run: SqlFileRun): Promise<void> {
  sameKeys(file, 'parameters', file.parameters, Object.keys(run.parameters));
  const sql = `CREATE OR REPLACE TABLE ${quoteRelationName(into)} AS\n${renderSqlFile(file, run.relations)}`;
  try {
    await connection.run(sql, { ...run.parameters }, run.types ? { ...run.types } : undefined);
  } catch (error) {
    throw new Error(`Running SQL file ${file.path} into table ${into} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
