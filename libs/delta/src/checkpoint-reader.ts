import type { ObjectStore } from '@music/storage';
import { parseActionLines, parseActionObject, type DeltaAction } from './actions';
import { InvalidDeltaLogError } from './delta-errors';
import type { DuckDBSession } from './duckdb-session';
import type { LocalFileCache } from './local-file-cache';
import type { Checkpoint } from './log-listing';
import { sqlIdentifier, sqlString, sqlStringList } from './sql-literals';

/**
 * Reads the actions of a checkpoint: Parquet ones (classic, multi-part, UUID-named) through
 * DuckDB, JSON ones (UUID-named) directly. Each action column is turned into JSON by DuckDB and
 * validated by the same schemas as commit lines; the derived `*_parsed` columns are not read,
 * except `stats_parsed` when a checkpoint has no JSON `stats`.
 */

const ACTION_COLUMNS = ['protocol', 'metaData', 'add', 'remove', 'txn', 'domainMetadata', 'checkpointMetadata', 'sidecar'];
const DERIVED_FIELDS = new Set(['stats_parsed', 'partitionValues_parsed']);
const STATS_PARSED_SUFFIX = '__stats_parsed';

export interface CheckpointReadContext {
  table: string;
  store: ObjectStore;
  duckdb: DuckDBSession;
  cache: LocalFileCache;
}

async function columnNames(duckdb: DuckDBSession, query: string): Promise<string[]> {
  const described = await duckdb.rows(`DESCRIBE ${query}`);
  return described.map((row) => String(row['column_name']));
}

async function selectExpressions(duckdb: DuckDBSession, source: string): Promise<string[]> {
  const present = new Set(await columnNames(duckdb, `SELECT * FROM ${source}`));
  const expressions: string[] = [];
  for (const column of ACTION_COLUMNS.filter((name) => present.has(name))) {
    const col = sqlIdentifier(column);
    const fields = await columnNames(duckdb, `SELECT ${col}.* FROM ${source}`);
    const kept = fields.filter((field) => !DERIVED_FIELDS.has(field));
    const struct = kept.map((field) => `${sqlString(field)}: ${col}.${sqlIdentifier(field)}`).join(', ');
    expressions.push(`CASE WHEN ${col} IS NOT NULL THEN to_json({${struct}}) END AS ${col}`);
    if (column === 'add' && fields.includes('stats_parsed')) {
      const statsMissing = fields.includes('stats') ? ` AND ${col}."stats" IS NULL` : '';
      expressions.push(
        `CASE WHEN ${col} IS NOT NULL${statsMissing} THEN to_json(${col}."stats_parsed") END AS ${sqlIdentifier(column + STATS_PARSED_SUFFIX)}`,
      );
    }
  }
  return expressions;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function readParquetCheckpoint(context: CheckpointReadContext, checkpoint: Checkpoint): Promise<DeltaAction[]> {
  const { table, duckdb, cache } = context;
  const fileNames = checkpoint.files.map((file) => file.key).join(', ');
  const paths = await Promise.all(checkpoint.files.map((file) => cache.localPath(file.key, file.size)));
  const source = `read_parquet(${sqlStringList(paths)}, union_by_name = true)`;
  let rows: Record<string, unknown>[];
  try {
    const expressions = await selectExpressions(duckdb, source);
    if (expressions.length === 0) throw new Error('no action column (protocol, metaData, add, …) in the file');
    rows = await duckdb.rows(`SELECT ${expressions.join(', ')} FROM ${source}`);
  } catch (error) {
    throw new InvalidDeltaLogError(table, fileNames, `unreadable checkpoint (${(error as Error).message})`, { cause: error });
  }
  const actions: DeltaAction[] = [];
  rows.forEach((row, index) => {
    const object: Record<string, unknown> = {};
    for (const column of ACTION_COLUMNS) {
      const json = row[column];
      if (typeof json !== 'string') continue;
      try {
        object[column] = JSON.parse(json);
      } catch (error) {
        throw new InvalidDeltaLogError(table, fileNames, `row ${index + 1}: ${column} is not representable as JSON`, { cause: error });
      }
    }
    const statsParsed = row[`add${STATS_PARSED_SUFFIX}`];
    const add = object['add'] as Record<string, unknown> | undefined;
    if (add && add['stats'] == null && typeof statsParsed === 'string' && isJson(statsParsed)) add['stats'] = statsParsed;
    const parsed = parseActionObject(object);
    if (!parsed.ok) throw new InvalidDeltaLogError(table, fileNames, `row ${index + 1}: ${parsed.error}`);
    if (parsed.action) actions.push(parsed.action);
  });
  return actions;
}

async function readJsonCheckpoint(context: CheckpointReadContext, checkpoint: Checkpoint): Promise<DeltaAction[]> {
  const actions: DeltaAction[] = [];
  for (const file of checkpoint.files) {
    const text = Buffer.from(await context.store.get(file.key)).toString('utf8');
    const parsed = parseActionLines(text);
    if (!parsed.ok) throw new InvalidDeltaLogError(context.table, file.key, `line ${parsed.line}: ${parsed.error}`);
    actions.push(...parsed.actions);
  }
  return actions;
}

export async function readCheckpoint(context: CheckpointReadContext, checkpoint: Checkpoint): Promise<DeltaAction[]> {
  return checkpoint.format === 'json' ? readJsonCheckpoint(context, checkpoint) : readParquetCheckpoint(context, checkpoint);
}
