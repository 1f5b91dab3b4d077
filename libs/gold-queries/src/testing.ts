// Test helpers for projects that query gold (import from '@music/gold-queries/testing' in *.spec.ts files only).
export { createGoldLake, generateListeningEvents, type GeneratedEventsOptions, type GoldLakeFixture } from './test-helpers/gold-lake-fixture';
export {
  dailySeries,
  groupTotals,
  listeningFacts,
  periodTotals,
  trendingArtists,
  type DailySeriesPoint,
  type GroupTotals,
  type ListeningFact,
  type PeriodTotals,
  type TrendingArtist,
} from './test-helpers/reference-metrics';
