import { Suspense } from 'react';
import { CountriesContent, DevicesContent, PlatformsContent } from '../../components/breakdown-widgets';
import { FilterForm, FilterFormFallback, FilterNotices } from '../../components/filter-form';
import { GenresContent } from '../../components/genres-widget';
import { FreshnessNote, KpiTiles, PeriodNote, RateTiles } from '../../components/kpi-widgets';
import { LiveTile } from '../../components/live-tile';
import { notAppliedNote, type OverviewContext } from '../../components/overview-context';
import { SiteHeader } from '../../components/site-header';
import { TimeseriesContent } from '../../components/timeseries-widget';
import { TopArtistsContent, TopTracksContent } from '../../components/top-chart-widgets';
import { TrendingContent } from '../../components/trending-widget';
import { WidgetFrame } from '../../components/widget-frame';
import { LoadingState } from '../../components/widget-states';
import { overviewSearch, parseOverviewFilters, type SearchParams } from '../../filters/overview-filters';
import { countryName } from '../../format/country-name';
import { getDictionary } from '../../i18n/dictionaries';
import { interpolate } from '../../i18n/interpolate';
import { INTL_LOCALE } from '../../i18n/locales';
import { pageLocale } from '../../i18n/page-locale';

const LIVE_MINUTES = 15;
const LIVE_POLL_SECONDS = 5;

/** The overview: every widget streams in under its own Suspense boundary, so a slow or failing one holds up nothing else. */
export default async function OverviewPage({ params, searchParams }: { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> }) {
  const locale = await pageLocale(params);
  const { filters, notices } = parseOverviewFilters(await searchParams);
  const t = getDictionary(locale);
  const intl = INTL_LOCALE[locale];
  const context: OverviewContext = { locale, intl, t, filters };
  const platformNames: Record<string, string> = t.platforms.names;
  const scope = filters.country !== undefined ? countryName(filters.country, intl) : filters.platform !== undefined ? (platformNames[filters.platform] ?? filters.platform) : undefined;
  const scopeNote = scope === undefined ? undefined : interpolate(t.kpis.scope, { scope });
  const loading = (rows?: number) => <LoadingState label={t.states.loading} rows={rows} />;
  const action = `/${locale}`;
  return (
    <>
      <SiteHeader locale={locale} page="overview" search={overviewSearch(filters)} />
      <main id="main" tabIndex={-1}>
        <div className="page-heading">
          <h1>{t.overview.title}</h1>
          <Suspense fallback={<p className="period">{t.states.loading}</p>}>
            <PeriodNote context={context} />
          </Suspense>
          <Suspense fallback={null}>
            <FreshnessNote context={context} />
          </Suspense>
        </div>
        <Suspense fallback={<FilterFormFallback context={context} action={action} />}>
          <FilterForm context={context} action={action} />
        </Suspense>
        <FilterNotices context={context} notices={notices} />
        <div className="grid">
          <WidgetFrame id="live" title={t.live.title} className="span-4">
            <LiveTile intl={intl} texts={t.live} units={t.units} loading={t.states.loading} minutes={LIVE_MINUTES} pollSeconds={LIVE_POLL_SECONDS} />
          </WidgetFrame>
          <WidgetFrame id="kpis" title={t.kpis.title} subtitle={scopeNote} notApplied={notAppliedNote('kpis', context)} className="span-8">
            <Suspense fallback={loading(4)}>
              <KpiTiles context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="timeseries" title={t.timeseries.title} subtitle={scopeNote} notApplied={notAppliedNote('timeseries', context)} className="span-8">
            <Suspense fallback={loading(6)}>
              <TimeseriesContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="rates" title={t.rates.title} subtitle={scopeNote} notApplied={notAppliedNote('rates', context)} className="span-4">
            <Suspense fallback={loading(3)}>
              <RateTiles context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="top-artists" title={t.topArtists.title} notApplied={notAppliedNote('topArtists', context)} className="span-6">
            <Suspense fallback={loading(6)}>
              <TopArtistsContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="top-tracks" title={t.topTracks.title} notApplied={notAppliedNote('topTracks', context)} className="span-6">
            <Suspense fallback={loading(6)}>
              <TopTracksContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="genres" title={t.genres.title} subtitle={t.genres.subtitle} notApplied={notAppliedNote('genres', context)} className="span-12">
            <Suspense fallback={loading(6)}>
              <GenresContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="countries" title={t.countries.title} notApplied={notAppliedNote('countries', context)} className="span-4">
            <Suspense fallback={loading(6)}>
              <CountriesContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="platforms" title={t.platforms.title} notApplied={notAppliedNote('platforms', context)} className="span-4">
            <Suspense fallback={loading(4)}>
              <PlatformsContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="devices" title={t.devices.title} notApplied={notAppliedNote('devices', context)} className="span-4">
            <Suspense fallback={loading(4)}>
              <DevicesContent context={context} />
            </Suspense>
          </WidgetFrame>
          <WidgetFrame id="trending" title={t.trending.title} notApplied={notAppliedNote('trending', context)} className="span-12">
            <Suspense fallback={loading(6)}>
              <TrendingContent context={context} />
            </Suspense>
          </WidgetFrame>
        </div>
      </main>
    </>
  );
}
