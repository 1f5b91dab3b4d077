import type { DuckDBValue } from '@duckdb/node-api';
import { DuckDBSession } from '@music/delta';
import { GOLD_TABLES, type GoldTableName } from '@music/tables';
import { GoldTableCopies } from './gold-table-copies';
import { GoldTableMissingError } from './gold-table-missing-error';
import type { LakeConnection } from './lake-connection';
import { LakeTableReader, type TableView } from './lake-table-reader';
import { QueryConnections } from './query-connections';

export interface GoldReaderOptions {
  /** Session for the Delta logs and scans (not the queries); otherwise the reader creates one and close() ends it. */
  duckdb?: DuckDBSession;
  /** Queries running at once (default DEFAULT_QUERY_CONNECTIONS). */
  connections?: number;
  /** How often each table is asked for new commits at most (default 1000 ms; 0 = on every query). */
  refreshIntervalMs?: number;
  now?: () => number;
}

export const DEFAULT_REFRESH_INTERVAL_MS = 1000;

/**
 * The read side of the lake for the API: each gold table (and, for the pipeline status, any other
 * lake table) kept open with its current version; each gold version the API reads copied once into
 * memory (GoldTableCopies); queries with bound parameters running side by side on a few DuckDB
 * connections (QueryConnections).
 */
export class GoldReader {
  private readonly readers = new Map<string, LakeTableReader>();
  private readonly copies: GoldTableCopies;

  private constructor(
    readonly lake: LakeConnection,
    private readonly duckdb: DuckDBSession,
    private readonly ownsDuckDB: boolean,
    private readonly queries: QueryConnections,
    private readonly refreshIntervalMs: number,
    private readonly now: () => number,
  ) {
    this.copies = new GoldTableCopies(queries);
  }

  static async open(lake: LakeConnection, options: GoldReaderOptions = {}): Promise<GoldReader> {
    const queries = await QueryConnections.create(options.connections === undefined ? {} : { connections: options.connections });
    const duckdb = options.duckdb ?? (await DuckDBSession.create());
    return new GoldReader(lake, duckdb, options.duckdb === undefined, queries, options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS, options.now ?? Date.now);
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

  /**
   * The current version of a gold table; GoldTableMissingError before its first batch run. A new
   * version starts being copied into memory now, before the first query needs it.
   */
  async view(name: GoldTableName): Promise<TableView> {
    const definition = GOLD_TABLES.find((table) => table.name === name);
    if (!definition) throw new Error(`unknown gold table ${JSON.stringify(name)}`);
    const reader = this.table(definition);
    const view = await reader.current();
    if (!view) throw new GoldTableMissingError(name, reader.uri);
    this.copies.prepare(view);
    return view;
  }

  /**
   * Runs `sql(gold)`, where `gold` names the in-memory copy of exactly `view`'s version, with
   * `$1, $2, …` bound to `params` (values never enter the SQL text).
   */
  async goldRows(view: TableView, sql: (gold: string) => string, params: readonly DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.copies.read(view, (gold) => this.queries.rows(sql(gold), params));
  }

  /** goldRows over several gold tables in one query: `sql` gets their copies' names in the order of `views`. */
  async goldRowsAcross(views: readonly TableView[], sql: (golds: readonly string[]) => string, params: readonly DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    const readAll = (index: number, relations: readonly string[]): Promise<Record<string, unknown>[]> => {
      const view = views[index];
      if (view === undefined) return this.queries.rows(sql(relations), params);
      return this.copies.read(view, (relation) => readAll(index + 1, [...relations, relation]));
    };
    return readAll(0, []);
  }

  /** Runs `sql` (e.g. over a scan of a bronze or silver version) with `$1, $2, …` bound to `params`. */
  async rows(sql: string, params: readonly DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.queries.rows(sql, params);
  }

  async close(): Promise<void> {
    for (const reader of this.readers.values()) await reader.close();
    await this.copies.settled();
    await this.queries.close();
    if (this.ownsDuckDB) await this.duckdb.close();
  }
}
