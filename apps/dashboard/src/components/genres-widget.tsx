import { HOUR_BUCKET_NAMES } from '@music/metrics-contract';
import { StackedBarsChart } from '../charts/stacked-bars-chart';
import { loadMetrics } from '../data/dashboard-data';
import { formatInteger, formatPercent } from '../format/number-format';
import { interpolate } from '../i18n/interpolate';
import { genreStacks } from '../overview/genre-model';
import { DataDetails } from './data-details';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { EmptyState, ErrorState } from './widget-states';

/** Genres per bucket of the day: the top ones of each bucket stacked, or the genre filtered on alone. */
const GENRES_PER_BUCKET = 4;

export async function GenresContent({ context }: { context: OverviewContext }) {
  const { t, intl, filters } = context;
  const answer = await loadMetrics('genresByHourBucket', { range: filters.range, limit: GENRES_PER_BUCKET, genre: filters.genre });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const { rows } = answer.data;
  if (rows.every((row) => row.streams === 0)) return <EmptyState message={t.genres.empty} />;
  const stacks = genreStacks(rows);
  const leader = (bucket: (typeof HOUR_BUCKET_NAMES)[number]) => stacks.leaders[bucket] ?? '—';
  const summary =
    filters.genre === undefined
      ? interpolate(t.genres.summary, { night: leader('night'), morning: leader('morning'), afternoon: leader('afternoon'), evening: leader('evening') })
      : rows.map((row) => interpolate(t.genres.bucketLine, { bucket: t.genres.buckets[row.hour_bucket], streams: formatInteger(row.streams, intl), share: formatPercent(row.share_of_streams, intl) })).join(' · ');
  return (
    <>
      <figure className="chart" aria-labelledby="genres-summary">
        <StackedBarsChart categories={stacks.buckets.map((b) => ({ label: t.genres.bucketsShort[b.bucket], values: b.streams }))} series={stacks.genres} intl={intl} />
        <figcaption id="genres-summary" className="widget-caption">
          {summary}
        </figcaption>
      </figure>
      <DataDetails
        summary={t.table.show}
        caption={t.genres.title}
        head={[t.genres.bucket, t.genres.genre, t.genres.streams, t.genres.share]}
        rows={rows.map((row) => [`${t.genres.buckets[row.hour_bucket]} · ${row.rank}`, row.genre, formatInteger(row.streams, intl), formatPercent(row.share_of_streams, intl)])}
      />
      <SourceNote template={t.table.source} table={answer.data.table} version={answer.data.table_version} lastUpdated={answer.data.last_updated} intlLocale={intl} />
    </>
  );
}
