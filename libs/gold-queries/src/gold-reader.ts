import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBSession } from '@music/delta';
import { GOLD_TABLES, type GoldTableName } from '@music/tables';
import { GoldTableMissingError } from './gold-table-missing-error';
import type { LakeConnection } from './lake-connection';
import { LakeTableReader, type TableView } from './lake-table-reader';

export interface GoldReaderOptions {
  /** Shared session; otherwise the reader creates one and close() ends it. */
  duckdb?: DuckDBSession;
  /** How often each table is asked for new commits at most (default 1000 ms; 0 = on every query). */
  refreshIntervalMs?: number;
  now?: () => number;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 1000;

/**
 * The read side of the lake for the API: each gold table (and, for the pipeline status, any other
 * lake table) kept open, its current version and a SQL view over exactly that version's files,
 * and one DuckDB session running queries with bound parameters.
 */
export class GoldReader {
  private readonly readers = new Map<string, LakeTableReader>();

  private constructor(
    readonly lake: LakeConnection,
    private readonly duckdb: DuckDBSession,
    private readonly ownsDuckDB: boolean,
    private readonly refreshIntervalMs: number,
    private readonly now: () => number,
  ) {}

  static async open(lake: LakeConnection, options: GoldReaderOptions = {}): Promise<GoldReader> {
    const duckdb = options.duckdb ?? (await DuckDBSession.create());
    return new GoldReader(lake, duckdb, options.duckdb === undefined, options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS, options.now ?? Date.now);
  }

  /** The reader of any lake table (memoised by name). */
  table(definition: { name: string; path: readonly string[] }): LakeTableReader {
    let reader = this.readers.get(definition.name);
    if (!reader) {
      reader = new LakeTableReader(definition, this.lake, { duckdb: this.duckdb, refreshIntervalMs: this.refreshIntervalMs, now: this.now });
      this.readers.set(definition.name, reader);
    }
    return reader;
  }

  /** The current version of a gold table; GoldTableMissingError before its first batch run. */
  async view(name: GoldTableName): Promise<TableView> {
    const definition = GOLD_TABLES.find((table) => table.name === name);
    if (!definition) throw new Error(`unknown gold table ${JSON.stringify(name)}`);
    const reader = this.table(definition);
    const view = await reader.current();
    if (!view) throw new GoldTableMissingError(name, reader.uri);
    return view;
  }

  /** Runs `sql` with `$1, $2, …` bound to `params` (values never enter the SQL text). */
  async rows(sql: string, params: readonly DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.duckdb.exclusive(async (connection) => {
      const reader = await connection.runAndReadAll(sql, [...params]);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  async close(): Promise<void> {
    for (const reader of this.readers.values()) await reader.close();
    if (this.ownsDuckDB) await this.duckdb.close();
  }
}
