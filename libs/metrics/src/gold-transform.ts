import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { SILVER_COLUMNS, type GoldTableName } from '@music/tables';
import { parseCalendarDays } from './calendar-days';
import { createTableFromSqlFile, loadSqlFile, quoteRelationName } from './duckdb-sql-files';
import { goldMetric, trendingOptions, type TrendingOptions } from './gold-metrics';
import { planGoldRefresh, type GoldRefreshStep } from './gold-refresh-plan';
import { createInputView, dropInputView } from './input-relation';

export interface GoldTableOptions {
  table: GoldTableName;
  /** Relation with silver rows (SILVER_COLUMNS) covering at least the table's input days. */
  silver: string;
  /** Day partitions to compute (YYYY-MM-DD, UTC). */
  days: readonly string[];
  /** Table to create (or replace) with the rows of those days; the gold table's name by default. */
  into?: string;
  trending?: Partial<TrendingOptions>;
}

export interface GoldTableResult {
  table: GoldTableName;
  relation: string;
  days: string[];
  rows: number;
}

async function countRows(connection: DuckDBConnection, relation: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${quoteRelationName(relation)}`);
  return Number((reader.getRowObjectsJS()[0] as { n: bigint }).n);
}

async function computeFromView(connection: DuckDBConnection, view: string, table: GoldTableName, days: string[], into: string, trending: TrendingOptions): Promise<GoldTableResult> {
  const metric = goldMetric(table);
  const file = await loadSqlFile(metric.sqlFile);
  await createTableFromSqlFile(connection, file, into, {
    relations: { silver: view },
    parameters: { days: listValue(days), ...metric.parameters(trending) },
    types: { days: LIST(VARCHAR) },
  });
  return { table, relation: into, days, rows: await countRows(connection, into) };
}

/**
 * The rows of one gold table for exactly `days`, as table `into`. Overwriting those day
 * partitions of the stored table with them is a correct refresh when `days` come from
 * planGoldRefresh (trending reads up to 2 × windowDays − 1 days back).
 */
export async function computeGoldTable(connection: DuckDBConnection, options: GoldTableOptions): Promise<GoldTableResult> {
  const into = options.into ?? options.table;
  if (into.toLowerCase() === options.silver.toLowerCase()) throw new Error(`Gold output table ${into} is also the silver input`);
  const days = parseCalendarDays(options.days, `days of ${options.table}`);
  const trending = trendingOptions(options.trending);
  const view = await createInputView(connection, options.silver, SILVER_COLUMNS, 'silver');
  try {
    return await computeFromView(connection, view, options.table, days, into, trending);
  } finally {
    await dropInputView(connection, view);
  }
}

export interface GoldOptions {
  /** Relation with every silver row (all partitions). */
  silver: string;
  /** Silver event dates that received rows since the last run, or 'full' to rebuild every day. */
  changedDays: readonly string[] | 'full';
  tables?: readonly GoldTableName[];
  /** Name of the table to create for each gold table; the gold table's own name by default. */
  into?: (table: GoldTableName) => string;
  trending?: Partial<TrendingOptions>;
}

export interface GoldComputation extends GoldTableResult {
  plan: GoldRefreshStep;
}

/** Plans and computes the gold tables affected by `changedDays`, one table each. */
export async function computeGold(connection: DuckDBConnection, options: GoldOptions): Promise<GoldComputation[]> {
  const trending = trendingOptions(options.trending);
  const view = await createInputView(connection, options.silver, SILVER_COLUMNS, 'silver');
  try {
    const reader = await connection.runAndReadAll(`SELECT coalesce(list(DISTINCT strftime(event_date, '%Y-%m-%d')), []) AS days FROM "${view}"`);
    const silverDays = [...((reader.getRowObjectsJS()[0] as { days: string[] }).days ?? [])];
    const plan = planGoldRefresh({ changedDays: options.changedDays, silverDays, tables: options.tables, trending });
    const results: GoldComputation[] = [];
    for (const step of plan) {
      const into = options.into ? options.into(step.table) : step.table;
      if (into.toLowerCase() === options.silver.toLowerCase()) throw new Error(`Gold output table ${into} is also the silver input`);
      results.push({ ...(await computeFromView(connection, view, step.table, step.outputDays, into, trending)), plan: step });
    }
    return results;
  } finally {
    await dropInputView(connection, view);
  }
}
