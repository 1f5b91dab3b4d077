import { loadMetrics } from '../data/dashboard-data';
import { loadDimensionTotals } from '../data/dimension-totals';
import { formatDay, formatInstant } from '../format/date-format';
import { dimensionFilter } from '../filters/widget-filters';
import { interpolate } from '../i18n/interpolate';
import { dayInProgress, dimensionRates, dimensionTiles, isQuietPeriod, previousCoverage, serviceRates, serviceTiles, tileCoverage, type Tile } from '../overview/kpi-model';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { TileGrid, type TileText } from './tile-grid';
import { EmptyState, ErrorState } from './widget-states';

/** The KPIs (or the rates) of the period and of the one before, for the whole service or the country / platform filtered on. */
async function loadTiles(context: OverviewContext, kind: 'kpis' | 'rates') {
  const kpis = await loadMetrics('kpis', { range: context.filters.range });
  if (!kpis.ok) return kpis;
  const dimension = dimensionFilter(context.filters);
  if (!dimension) return { ok: true as const, kpis: kpis.data, source: kpis.data, dimension, quiet: isQuietPeriod(kpis.data), tiles: kind === 'kpis' ? serviceTiles(kpis.data) : serviceRates(kpis.data) };
  const [current, previous] = await Promise.all([
    loadDimensionTotals(dimension, { from: kpis.data.from, to: kpis.data.to }),
    loadDimensionTotals(dimension, { from: kpis.data.previous_from, to: kpis.data.previous_to }),
  ]);
  if (!current.ok) return current;
  if (!previous.ok) return previous;
  const [now, before] = [current.data.totals, previous.data.totals];
  const tiles = kind === 'kpis' ? dimensionTiles(now, before, kpis.data.days) : dimensionRates(now, before);
  return { ok: true as const, kpis: kpis.data, source: current.data.source, dimension, quiet: now === undefined, tiles };
}

function TilesContent({ context, loaded, texts, testIdPrefix }: { context: OverviewContext; loaded: Exclude<Awaited<ReturnType<typeof loadTiles>>, { ok: false }>; texts: Record<Tile['id'], TileText>; testIdPrefix: string }) {
  const { t, intl } = context;
  const { kpis, dimension, source } = loaded;
  const dimensionName = dimension ? t.filters[dimension.dimension].toLocaleLowerCase(intl) : '';
  const period = { from: formatDay(kpis.previous_from, intl), to: formatDay(kpis.previous_to, intl) };
  const inProgress = dayInProgress(kpis, dimension !== undefined);
  const comparedTo =
    inProgress === 'same-time' && kpis.in_progress !== null
      ? interpolate(t.kpis.comparedToUntil, { ...period, until: formatInstant(kpis.in_progress.previous_until, intl) })
      : interpolate(t.kpis.comparedTo, period);
  const recorded = previousCoverage(kpis);
  const coverage = tileCoverage(recorded, inProgress);
  const start = kpis.data_from === null ? '' : formatDay(kpis.data_from, intl);
  const caveats = [
    recorded === 'full' ? null : { id: 'coverage', text: interpolate(recorded === 'none' ? t.kpis.unrecordedComparison : t.kpis.partialComparison, { start, covered: String(kpis.previous_days_covered), days: String(kpis.days) }) },
    inProgress === 'whole-days' ? { id: 'in-progress', text: interpolate(t.kpis.wholeDaysComparison, { dimension: dimensionName }) } : null,
  ].filter((caveat) => caveat !== null);
  return (
    <>
      <TileGrid
        tiles={loaded.tiles}
        texts={texts}
        intl={intl}
        testIdPrefix={testIdPrefix}
        unavailable={interpolate(t.kpis.unavailable, { dimension: dimensionName })}
        comparedTo={comparedTo}
        pointsUnit={t.kpis.pointsUnit}
        newLabel={t.kpis.newValue}
        coverage={coverage}
        noComparison={t.kpis.noComparison}
      />
      <p className="widget-caption" data-testid={`${testIdPrefix}-compared-to`} data-in-progress={inProgress}>
        {comparedTo}
      </p>
      {caveats.map((caveat) => (
        <p key={caveat.id} className="widget-caption caveat" data-testid={`${testIdPrefix}-${caveat.id}`} data-coverage={coverage}>
          {caveat.text}
        </p>
      ))}
      <SourceNote template={t.table.source} table={source.table} version={source.table_version} lastUpdated={source.last_updated} intlLocale={intl} />
    </>
  );
}

export async function KpiTiles({ context }: { context: OverviewContext }) {
  const { t } = context;
  const loaded = await loadTiles(context, 'kpis');
  if (!loaded.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: loaded.message })} />;
  if (loaded.quiet) return <EmptyState message={t.kpis.empty} />;
  const texts: Record<Tile['id'], TileText> = {
    streams: { label: t.kpis.streams, hint: t.kpis.streamsHint },
    listeners: { label: t.kpis.listeners, hint: t.kpis.listenersHint },
    minutes: { label: t.kpis.minutes },
    likes: { label: t.kpis.likes },
    shares: { label: t.kpis.shares },
    skipRate: { label: t.kpis.skipRate },
    likeRate: { label: t.rates.likeRate },
    shareRate: { label: t.rates.shareRate },
  };
  return <TilesContent context={context} loaded={loaded} texts={texts} testIdPrefix="kpi" />;
}

export async function RateTiles({ context }: { context: OverviewContext }) {
  const { t } = context;
  const loaded = await loadTiles(context, 'rates');
  if (!loaded.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: loaded.message })} />;
  if (loaded.quiet) return <EmptyState message={t.kpis.empty} />;
  const texts: Record<Tile['id'], TileText> = {
    streams: { label: t.kpis.streams },
    listeners: { label: t.kpis.listeners },
    minutes: { label: t.kpis.minutes },
    likes: { label: t.kpis.likes },
    shares: { label: t.kpis.shares },
    skipRate: { label: t.rates.skipRate, hint: t.rates.skipRateHint },
    likeRate: { label: t.rates.likeRate, hint: t.rates.likeRateHint },
    shareRate: { label: t.rates.shareRate, hint: t.rates.shareRateHint },
  };
  return <TilesContent context={context} loaded={loaded} texts={texts} testIdPrefix="rate" />;
}

/** "Data as of …": the commit time and version of the gold table behind the headline numbers. */
export async function FreshnessNote({ context }: { context: OverviewContext }) {
  const { t, intl } = context;
  const kpis = await loadMetrics('kpis', { range: context.filters.range });
  // The key figures widget reports the failure of the same request.
  if (!kpis.ok) return null;
  return (
    <p className="freshness" data-testid="freshness">
      {interpolate(t.freshness.dataAsOf, { date: formatInstant(kpis.data.last_updated, intl), table: kpis.data.table, version: kpis.data.table_version })}
    </p>
  );
}

/** "From … to … (UTC days)": the period the KPIs resolved the preset to. */
export async function PeriodNote({ context }: { context: OverviewContext }) {
  const { t, intl } = context;
  const kpis = await loadMetrics('kpis', { range: context.filters.range });
  if (!kpis.ok) return null;
  return (
    <p className="period" data-testid="period" data-from={kpis.data.from} data-to={kpis.data.to}>
      {interpolate(t.overview.period, { from: formatDay(kpis.data.from, intl), to: formatDay(kpis.data.to, intl) })}
    </p>
  );
}
