import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBSession } from '@music/delta';
import { openIfExists, type LakeTable } from '../lake';
import type { TestLake } from './lake-backends';

/** What erasure tests look at: the lake's objects as stored, and every version of a table still readable. */

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Rows of these Parquet files whose text (every column, cast to VARCHAR) contains `needle`. */
export async function parquetRowsContaining(duckdb: DuckDBSession, paths: readonly string[], needle: string): Promise<number> {
  if (paths.length === 0) return 0;
  const [row] = await duckdb.rows(
    `SELECT count(*) AS n FROM read_parquet([${paths.map(sqlText).join(', ')}], union_by_name = true, hive_partitioning = false) AS row_data
     WHERE contains(CAST(row_data AS VARCHAR), ${sqlText(needle)})`,
  );
  return Number(row?.['n'] ?? 0);
}

const inLog = (key: string) => key.split('/').includes('_delta_log');

/**
 * Every data object of the lake (Parquet outside `_delta_log`), whatever version referenced it,
 * copied from the store as it is now into a temporary directory: what a reader of the bucket
 * (or of the lake directory) could still find.
 */
export function withLakeDataObjects<T>(lake: TestLake, inspect: (paths: string[]) => Promise<T>): Promise<T> {
  return withLakeObjects(lake, (key) => key.endsWith('.parquet') && !inLog(key), inspect);
}

/**
 * The keys of the lake's Delta log objects (commits, checkpoints, `_last_checkpoint`, every
 * table) whose content names `needle`: JSON as text, checkpoint Parquet row by row.
 */
export async function logObjectsNaming(lake: TestLake, needle: string): Promise<string[]> {
  const keys = (await lake.store.list('')).map((o) => o.key).filter(inLog);
  const naming: string[] = [];
  for (const key of keys.filter((k) => !k.endsWith('.parquet'))) if (Buffer.from(await lake.store.get(key)).toString('utf8').includes(needle)) naming.push(key);
  const checkpoints = keys.filter((key) => key.endsWith('.parquet'));
  await withLakeObjects(lake, (key) => checkpoints.includes(key), async (paths, copied) => {
    for (const [index, path] of paths.entries()) if ((await parquetRowsContaining(lake.duckdb, [path], needle)) > 0) naming.push(copied[index] as string);
  });
  return naming;
}

async function withLakeObjects<T>(lake: TestLake, select: (key: string) => boolean, inspect: (paths: string[], keys: string[]) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'jobs-lake-objects-'));
  try {
    const keys = (await lake.store.list('')).map((o) => o.key).filter(select);
    const paths: string[] = [];
    for (const key of keys) {
      const path = join(directory, ...key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await lake.store.get(key));
      paths.push(path);
    }
    return await inspect(paths, keys);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Every file under a local directory (recursively). */
export async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export interface VersionsHolding {
  /** Versions whose every data file is still in the store: a reader can time-travel to them. */
  retained: number[];
  /** Versions referencing at least one data file VACUUM deleted. */
  unreadable: number[];
  /** Retained versions with at least one row where `column = value`. */
  holding: number[];
}

/** Reads every version of the table that is still readable and looks for rows with `column = value`. */
export async function retainedVersionsHolding(lake: TestLake, definition: LakeTable, column: string, value: string): Promise<VersionsHolding> {
  const table = await openIfExists(lake, definition);
  if (!table) throw new Error(`no table ${definition.name}`);
  const prefix = `${definition.path.join('/')}/`;
  const stored = new Set((await lake.store.list(prefix)).map((o) => o.key.slice(prefix.length)));
  const result: VersionsHolding = { retained: [], unreadable: [], holding: [] };
  try {
    const latest = (await table.refresh()).version;
    for (let version = 0; version <= latest; version++) {
      const snapshot = await table.snapshotAt({ version });
      if (!snapshot.files.every((file) => file.location.kind === 'table' && stored.has(file.location.key))) {
        result.unreadable.push(version);
        continue;
      }
      result.retained.push(version);
      // No scan filter: data skipping must not be what hides a row from this check.
      const plan = await table.scan({ snapshot, columns: [column] });
      const [row] = await lake.duckdb.rows(`SELECT count(*) AS n FROM (${plan.sql}) WHERE "${column}" = ${sqlText(value)}`);
      if (Number(row?.['n'] ?? 0) > 0) result.holding.push(version);
    }
  } finally {
    await table.close();
  }
  return result;
}
