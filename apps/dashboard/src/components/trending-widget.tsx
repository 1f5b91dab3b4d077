import { addDays } from '@music/metrics-contract';
import { loadMetrics } from '../data/dashboard-data';
import { formatDay } from '../format/date-format';
import { formatInteger, formatSignedPercent } from '../format/number-format';
import { interpolate } from '../i18n/interpolate';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { TableHead } from './table-head';
import { EmptyState, ErrorState } from './widget-states';

const TRENDING_LIMIT = 10;

/**
 * Artists whose streams grow: the 7 days up to the newest whole day against the 7 before. As of
 * today, a day not over, every artist's window would be short; the widget reads the day before.
 */
async function loadTrending() {
  const newest = await loadMetrics('trending', { limit: TRENDING_LIMIT });
  if (!newest.ok || !newest.data.day_in_progress || newest.data.day === null) return newest;
  return loadMetrics('trending', { day: addDays(newest.data.day, -1), limit: TRENDING_LIMIT });
}

export async function TrendingContent({ context }: { context: OverviewContext }) {
  const { t, intl } = context;
  const answer = await loadTrending();
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const { artists, day, window_days: windowDays } = answer.data;
  if (day === null || artists.length === 0) return <EmptyState message={interpolate(t.trending.empty, { min: String(answer.data.min_streams), days: String(windowDays) })} />;
  const windows = { from: formatDay(addDays(day, -windowDays + 1), intl), to: formatDay(day, intl), days: String(windowDays), min: String(answer.data.min_streams) };
  const partial = answer.data.previous_days_covered < windowDays;
  return (
    <>
      <p className="widget-caption" data-testid="trending-window" data-day={day}>
        {interpolate(t.trending.window, windows)}
      </p>
      <div className="table-scroll">
        <table className="data-table ranking">
          <caption className="visually-hidden">{t.trending.title}</caption>
          <TableHead
            columns={[
              { label: t.trending.rank },
              { label: t.trending.artist },
              { label: t.trending.current, numeric: true },
              { label: t.trending.previous, numeric: true, optional: true },
              { label: t.trending.growth, numeric: true },
            ]}
          />
          <tbody>
            {artists.map((artist) => (
              <tr key={artist.artist_id} data-testid="trending-row" data-artist-id={artist.artist_id}>
                <td>{artist.rank}</td>
                <th scope="row">{artist.artist_name}</th>
                <td className="numeric">{formatInteger(artist.streams_current, intl)}</td>
                <td className="numeric optional">{formatInteger(artist.streams_previous, intl)}</td>
                <td className="numeric" data-testid="trending-growth">
                  {artist.growth_rate === null ? t.kpis.newValue : formatSignedPercent(artist.growth_rate, intl)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {partial ? (
        <p className="widget-caption caveat" data-testid="trending-coverage">
          {interpolate(t.trending.partialWindow, { covered: String(answer.data.previous_days_covered), days: String(windowDays) })}
        </p>
      ) : null}
      <SourceNote template={t.table.source} table={answer.data.table} version={answer.data.table_version} lastUpdated={answer.data.last_updated} intlLocale={intl} />
    </>
  );
}
