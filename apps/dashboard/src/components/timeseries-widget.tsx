import { DailySeriesChart } from '../charts/daily-series-chart';
import { loadMetrics } from '../data/dashboard-data';
import { formatDay } from '../format/date-format';
import { formatInteger } from '../format/number-format';
import { interpolate } from '../i18n/interpolate';
import { seriesSummary } from '../overview/series-model';
import { DataDetails } from './data-details';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { EmptyState, ErrorState } from './widget-states';

/** Daily streams, plays and listeners of the period, for the whole service or the country / platform filtered on. */
export async function TimeseriesContent({ context }: { context: OverviewContext }) {
  const { t, intl, filters } = context;
  const answer = await loadMetrics('timeseries', { range: filters.range, country: filters.country, platform: filters.platform });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const { series, day_in_progress: inProgressDay } = answer.data;
  const summary = seriesSummary(series);
  if (summary.plays === 0 && summary.streams === 0) return <EmptyState message={t.kpis.empty} />;
  const text = interpolate(t.timeseries.summary, {
    streams: formatInteger(summary.streams, intl),
    plays: formatInteger(summary.plays, intl),
    from: formatDay(answer.data.from, intl),
    to: formatDay(answer.data.to, intl),
  });
  const peak = summary.peak ? interpolate(t.timeseries.peak, { value: formatInteger(summary.peak.streams, intl), day: formatDay(summary.peak.day, intl) }) : '';
  const inProgress = inProgressDay === null ? '' : interpolate(t.timeseries.inProgress, { day: formatDay(inProgressDay, intl) });
  const dayLabel = (day: string) => (day === inProgressDay ? interpolate(t.timeseries.dayInProgress, { day: formatDay(day, intl) }) : formatDay(day, intl));
  return (
    <>
      <figure className="chart" aria-labelledby="timeseries-summary">
        <DailySeriesChart points={series} labels={{ streams: t.timeseries.streams, listeners: t.timeseries.listeners }} intl={intl} inProgressDay={inProgressDay} />
        <figcaption id="timeseries-summary" className="widget-caption" data-testid="timeseries-summary" data-streams={summary.streams} data-in-progress={inProgressDay ?? ''}>
          {text} {peak} {inProgress}
        </figcaption>
      </figure>
      <DataDetails
        summary={t.table.show}
        caption={t.timeseries.title}
        head={[t.timeseries.day, t.timeseries.streams, t.timeseries.plays, t.timeseries.listeners]}
        rows={series.map((p) => [dayLabel(p.day), formatInteger(p.streams, intl), formatInteger(p.plays, intl), formatInteger(p.listeners, intl)])}
      />
      <SourceNote template={t.table.source} table={answer.data.table} version={answer.data.table_version} lastUpdated={answer.data.last_updated} intlLocale={intl} />
    </>
  );
}
