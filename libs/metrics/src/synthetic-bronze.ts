import type { DuckDBConnection } from '@duckdb/node-api';
import { createTableFromSqlFile, loadSqlFile } from './duckdb-sql-files';

export interface SyntheticBronzeOptions {
  /** Distinct events; duplicates come on top. */
  events: number;
  startDay: string;
  days: number;
  users?: number;
  tracks?: number;
  seed?: number;
  duplicatePercent?: number;
  latePercent?: number;
  /** Kafka offset of the first row, so that successive batches do not reuse coordinates. */
  firstOffset?: number;
}

/**
 * Creates table `into` with synthetic bronze rows (BRONZE_COLUMNS), generated inside DuckDB so
 * that millions of rows take seconds. For benchmarks: the distributions are plausible, not real.
 */
export async function createSyntheticBronze(connection: DuckDBConnection, into: string, options: SyntheticBronzeOptions): Promise<void> {
  const file = await loadSqlFile('synthetic/bronze-events.sql');
  await createTableFromSqlFile(connection, file, into, {
    relations: {},
    parameters: {
      events: options.events,
      start_day: options.startDay,
      days: options.days,
      users: options.users ?? Math.max(10, Math.round(options.events / 50)),
      tracks: options.tracks ?? 20_000,
      seed: options.seed ?? 1,
      duplicate_percent: options.duplicatePercent ?? 2,
      late_percent: options.latePercent ?? 3,
      first_offset: options.firstOffset ?? 0,
    },
  });
}
