export { computeSilver, computeSilverIncrement, type SilverIncrementOptions, type SilverOptions, type SilverResult } from './silver-transform';
export {
  computeGold,
  computeGoldTable,
  type GoldComputation,
  type GoldOptions,
  type GoldTableOptions,
  type GoldTableResult,
} from './gold-transform';
export { GOLD_METRICS, goldMetric, trendingOptions, type GoldMetric, type TrendingOptions } from './gold-metrics';
export { planGoldRefresh, type GoldRefreshRequest, type GoldRefreshStep } from './gold-refresh-plan';
export {
  SQL_DIRECTORY,
  createTableFromSqlFile,
  loadSqlFile,
  parseSqlFile,
  quoteRelationName,
  renderSqlFile,
  type SqlFile,
  type SqlFileRun,
} from './duckdb-sql-files';
export { DUCKDB_TYPES, createInputView, dropInputView, type InputColumn } from './input-relation';
export { addDays, calendarDaySchema, daysBetween, parseCalendarDays } from './calendar-days';
