import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '@music/storage';
import type { StructType } from '../delta-schema';
import { DeltaTable } from '../delta-table';
import type { DuckDBSession } from '../duckdb-session';
import { InterceptingStore } from './intercepting-store';

/** A small listening-events table for the tests of write operations, partitioned by day. */

export const EVENTS_SCHEMA: StructType = {
  type: 'struct',
  fields: [
    { name: 'user_id', type: 'string', nullable: false, metadata: {} },
    { name: 'track', type: 'string', nullable: true, metadata: {} },
    { name: 'seconds', type: 'integer', nullable: true, metadata: {} },
    { name: 'day', type: 'date', nullable: false, metadata: {} },
  ],
};

export interface EventRow {
  user_id: string;
  track?: string | null;
  seconds?: number | null;
  day: string;
}

export function createEventsTable(store: ObjectStore, duckdb: DuckDBSession, properties: Record<string, string> = {}): Promise<DeltaTable> {
  return DeltaTable.create(store, { schema: EVENTS_SCHEMA, partitionColumns: ['day'], properties }, { duckdb, checkpointInterval: 1000 });
}

/** Every row as `user_id|track|seconds|day` text, sorted: a multiset that compares with toEqual. */
export async function rowMultiset(table: DeltaTable, version?: number): Promise<string[]> {
  const snapshot = version === undefined ? undefined : await table.snapshotAt({ version });
  const plan = await table.scan(snapshot ? { snapshot } : {});
  const rows = await table.duckdb.rows(
    `SELECT concat_ws('|', user_id, coalesce(track, '∅'), coalesce(CAST(seconds AS VARCHAR), '∅'), strftime(day, '%Y-%m-%d')) AS line FROM (${plan.sql})`,
  );
  return rows.map((row) => String(row['line'])).sort();
}

export function rowLine(row: EventRow): string {
  return [row.user_id, row.track ?? '∅', row.seconds === undefined || row.seconds === null ? '∅' : String(row.seconds), row.day].join('|');
}

/** Data files on disk under a local table directory (relative paths), sorted. */
export async function dataFilesOnDisk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet') && !join(entry.parentPath, entry.name).includes('_delta_log'))
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

/** The actions of one commit file of a local table, as `{ kind: value }` objects. */
export async function commitActions(directory: string, version: number): Promise<Record<string, Record<string, unknown>>[]> {
  const text = await readFile(join(directory, '_delta_log', `${String(version).padStart(20, '0')}.json`), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
}

/** A store that runs `competitor` once, just before this writer's first commit attempt. */
export function withCompetitor(inner: ObjectStore, competitor: () => Promise<unknown>): ObjectStore {
  let done = false;
  return new InterceptingStore(inner, async () => {
    if (done) return;
    done = true;
    await competitor();
  });
}
