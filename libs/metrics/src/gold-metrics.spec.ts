import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GOLD_TABLE_NAMES, TRENDING_DEFAULTS } from '@music/tables';
import { SQL_DIRECTORY, loadSqlFile } from './duckdb-sql-files';
import { GOLD_METRICS, goldMetric, trendingOptions } from './gold-metrics';

describe('GOLD_METRICS', () => {
  it('has one query per gold table, and every gold SQL file belongs to one', async () => {
    expect(GOLD_METRICS.map((metric) => metric.table)).toEqual(GOLD_TABLE_NAMES);
    const files = (await readdir(join(SQL_DIRECTORY, 'gold'))).map((name) => `gold/${name}`).sort();
    expect(GOLD_METRICS.map((metric) => metric.sqlFile).sort()).toEqual(files);
  });

  it.each(GOLD_METRICS.map((metric) => [metric.table, metric] as const))('%s reads {{silver}} and binds exactly $days and its own parameters', async (_table, metric) => {
    const file = await loadSqlFile(metric.sqlFile);
    expect(file.relations).toEqual(['silver']);
    expect(file.parameters).toEqual(['days', ...Object.keys(metric.parameters(TRENDING_DEFAULTS))].sort());
  });

  it('reads back 2 × windowDays − 1 days for trending and the day alone for the others', () => {
    expect(goldMetric('trending_artists_daily').lookbackDays({ windowDays: 7, minStreams: 20 })).toBe(13);
    expect(goldMetric('top_artists_daily').lookbackDays({ windowDays: 7, minStreams: 20 })).toBe(0);
  });
});

describe('trendingOptions', () => {
  it('fills defaults and refuses nonsense, naming the setting and value', () => {
    expect(trendingOptions()).toEqual(TRENDING_DEFAULTS);
    expect(trendingOptions({ minStreams: 5 })).toEqual({ windowDays: 7, minStreams: 5 });
    expect(() => trendingOptions({ windowDays: 0 })).toThrow('trending.windowDays must be a whole number of days in 1..366, got 0');
    expect(() => trendingOptions({ minStreams: 2.5 })).toThrow('trending.minStreams must be a whole number >= 1, got 2.5');
  });
});
