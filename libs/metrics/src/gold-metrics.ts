import type { DuckDBValue } from '@duckdb/node-api';
import { GOLD_TABLES, TRENDING_DEFAULTS, type GoldTableName } from '@music/tables';

/** Settings of trending_artists_daily; both change its rows, so incremental and full runs must agree on them. */
export interface TrendingOptions {
  windowDays: number;
  minStreams: number;
}

/** How one gold table is computed: its SQL file, what it reads around a day, and its parameters. */
export interface GoldMetric {
  table: GoldTableName;
  /** Path under libs/metrics/sql. */
  sqlFile: string;
  /** How many days before an output day the query reads (0: the day alone). */
  lookbackDays(trending: TrendingOptions): number;
  /** Named parameters besides $days. */
  parameters(trending: TrendingOptions): Record<string, DuckDBValue>;
}

const sameDay = (table: GoldTableName): GoldMetric => ({
  table,
  sqlFile: `gold/${table.replace(/_/g, '-')}.sql`,
  lookbackDays: () => 0,
  parameters: () => ({}),
});

/** Every gold table's query, in GOLD_TABLES order. */
export const GOLD_METRICS: readonly GoldMetric[] = GOLD_TABLES.map(({ name }) =>
  name === 'trending_artists_daily'
    ? {
        table: name,
        sqlFile: 'gold/trending-artists-daily.sql',
        lookbackDays: (trending) => 2 * trending.windowDays - 1,
        parameters: (trending) => ({ window_days: trending.windowDays, min_streams: trending.minStreams }),
      }
    : sameDay(name),
);

export function goldMetric(table: GoldTableName): GoldMetric {
  const metric = GOLD_METRICS.find((candidate) => candidate.table === table);
  if (!metric) throw new Error(`No gold query for table "${table}"; known: ${GOLD_METRICS.map((m) => m.table).join(', ')}`);
  return metric;
}

/** Validated trending settings, TRENDING_DEFAULTS for what is not given. */
export function trendingOptions(given: Partial<TrendingOptions> = {}): TrendingOptions {
  const options = { ...TRENDING_DEFAULTS, ...given };
  if (!Number.isInteger(options.windowDays) || options.windowDays < 1 || options.windowDays > 366) {
    throw new Error(`trending.windowDays must be a whole number of days in 1..366, got ${options.windowDays}`);
  }
  if (!Number.isInteger(options.minStreams) || options.minStreams < 1) {
    throw new Error(`trending.minStreams must be a whole number >= 1, got ${options.minStreams}`);
  }
  return options;
}
