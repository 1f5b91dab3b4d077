import { addDays, type TrendingQuery, type TrendingResponse } from '@music/metrics-contract';
import { TRENDING_DEFAULTS } from '@music/tables';
import { z } from 'zod';
import { serveCached, type GoldQueryContext, type Served } from './gold-query-context';
import { partitionDays } from './partition-days';
import { recordedDays } from './recorded-days';
import { parseRows, sqlCount, sqlDouble, sqlText } from './sql-rows';
import { tableVersionOf } from './table-version';

/** Artists whose streams grow, as of one day (gold computes the windows per as-of day). */

const TABLE = 'trending_artists_daily';

const trendingRow = z.object({
  rank: sqlCount,
  artist_id: sqlText,
  artist_name: sqlText,
  streams_current: sqlCount,
  streams_previous: sqlCount,
  growth_rate: sqlDouble.nullable(),
  trend_score: sqlDouble,
});

export async function trending(context: GoldQueryContext, query: TrendingQuery): Promise<Served<TrendingResponse>> {
  const view = await context.reader.view(TABLE);
  // Trending rows start once an artist reaches min_streams in a window: the first day recorded is daily activity's.
  const activity = await context.reader.view('daily_active_listeners');
  const dataFrom = partitionDays(activity.snapshot, 'day')?.first;
  const day = query.day ?? partitionDays(view.snapshot, 'day')?.last ?? null;
  const windowDays = TRENDING_DEFAULTS.windowDays;
  const dayInProgress = day === context.today;
  return serveCached(context, 'trending', { day, limit: query.limit, dayInProgress: String(dayInProgress) }, [view, activity], async () => {
    const rows =
      day === null
        ? []
        : await context.reader.goldRows(
            view,
            (gold) => `SELECT rank_in_day AS rank, artist_id, artist_name, streams_current, streams_previous, growth_rate, trend_score
             FROM ${gold}
             WHERE day = CAST($1 AS DATE)
             ORDER BY rank_in_day
             LIMIT $2`,
            [day, query.limit],
          );
    return {
      ...tableVersionOf(view),
      day,
      window_days: windowDays,
      data_from: dataFrom ?? null,
      previous_days_covered: day === null ? 0 : recordedDays({ from: addDays(day, -2 * windowDays + 1), to: addDays(day, -windowDays) }, dataFrom),
      day_in_progress: dayInProgress,
      min_streams: TRENDING_DEFAULTS.minStreams,
      artists: parseRows(trendingRow, rows, 'trending'),
    };
  });
}
