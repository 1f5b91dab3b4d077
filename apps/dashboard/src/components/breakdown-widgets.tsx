import { RankedBarsChart } from '../charts/ranked-bars-chart';
import { loadMetrics } from '../data/dashboard-data';
import { countryName } from '../format/country-name';
import { formatInteger, formatPercent } from '../format/number-format';
import { interpolate } from '../i18n/interpolate';
import { topItems, type RankedItem } from '../overview/ranking-model';
import { DataDetails } from './data-details';
import type { OverviewContext } from './overview-context';
import { SourceNote } from './source-note';
import { EmptyState, ErrorState } from './widget-states';

const BARS_SHOWN = 10;

interface Texts {
  title: string;
  label: string;
  streams: string;
  share: string;
  summary: string;
  empty: string;
}

/** Chart of the first values, summary sentence, the full table folded, and the source. */
function Breakdown({ context, items, all, texts, testId, source }: { context: OverviewContext; items: RankedItem[]; all: RankedItem[]; texts: Texts; testId: string; source: { table: string; table_version: number; last_updated: string } }) {
  const { t, intl } = context;
  const first = all[0];
  if (!first || all.every((item) => item.streams === 0)) return <EmptyState message={texts.empty} />;
  const summary = interpolate(texts.summary, { count: formatInteger(all.length, intl), top: first.label, share: formatPercent(first.share, intl) });
  return (
    <>
      <figure className="chart" aria-label={summary}>
        <RankedBarsChart items={items.map((item) => ({ label: item.label, value: item.streams, highlighted: item.highlighted }))} valueLabel={texts.streams} intl={intl} />
        <figcaption className="widget-caption">{summary}</figcaption>
      </figure>
      <DataDetails
        summary={t.table.show}
        caption={texts.title}
        head={[texts.label, texts.streams, texts.share]}
        rows={all.map((item) => [
          <span key="label" data-testid={`${testId}-${item.key}`} data-streams={item.streams} className={item.highlighted ? 'highlighted' : undefined}>
            {item.label}
          </span>,
          formatInteger(item.streams, intl),
          formatPercent(item.share, intl),
        ])}
      />
      <SourceNote template={t.table.source} table={source.table} version={source.table_version} lastUpdated={source.last_updated} intlLocale={intl} />
    </>
  );
}

export async function CountriesContent({ context }: { context: OverviewContext }) {
  const { t, intl, filters } = context;
  const answer = await loadMetrics('playsByCountry', { range: filters.range, limit: 100 });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const key = (row: { country: string }) => row.country;
  const label = (row: { country: string }) => countryName(row.country, intl);
  const { countries } = answer.data;
  const texts = { title: t.countries.title, label: t.countries.country, streams: t.countries.streams, share: t.countries.share, summary: t.countries.summary, empty: t.countries.empty };
  return (
    <Breakdown
      context={context}
      items={topItems(countries, key, label, BARS_SHOWN, filters.country)}
      all={topItems(countries, key, label, countries.length, filters.country)}
      texts={texts}
      testId="country"
      source={answer.data}
    />
  );
}

export async function PlatformsContent({ context }: { context: OverviewContext }) {
  const { t, filters } = context;
  const answer = await loadMetrics('playsByPlatform', { range: filters.range, limit: 100 });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const names: Record<string, string> = t.platforms.names;
  const key = (row: { platform: string }) => row.platform;
  const label = (row: { platform: string }) => names[row.platform] ?? row.platform;
  const { platforms } = answer.data;
  const texts = { title: t.platforms.title, label: t.platforms.platform, streams: t.platforms.streams, share: t.platforms.share, summary: t.platforms.summary, empty: t.platforms.empty };
  const all = topItems(platforms, key, label, platforms.length, filters.platform);
  return <Breakdown context={context} items={all} all={all} texts={texts} testId="platform" source={answer.data} />;
}

export async function DevicesContent({ context }: { context: OverviewContext }) {
  const { t, filters } = context;
  const answer = await loadMetrics('playsByDevice', { range: filters.range, limit: 100 });
  if (!answer.ok) return <ErrorState title={t.states.error} detail={interpolate(t.states.errorDetail, { message: answer.message })} />;
  const key = (row: { device: string }) => row.device;
  const { devices } = answer.data;
  const texts = { title: t.devices.title, label: t.devices.device, streams: t.devices.streams, share: t.devices.share, summary: t.devices.summary, empty: t.devices.empty };
  return <Breakdown context={context} items={topItems(devices, key, key, 8, undefined)} all={topItems(devices, key, key, devices.length, undefined)} texts={texts} testId="device" source={answer.data} />;
}
