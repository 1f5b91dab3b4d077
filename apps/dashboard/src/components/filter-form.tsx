import { platformParam, RANGE_PRESETS } from '@music/metrics-contract';
import { loadMetrics } from '../data/dashboard-data';
import { countryName } from '../format/country-name';
import type { FilterNotice } from '../filters/overview-filters';
import { interpolate } from '../i18n/interpolate';
import type { OverviewContext } from './overview-context';

interface FilterOptions {
  countries: readonly string[];
  genres: readonly string[];
}

/**
 * A plain GET form: works without JavaScript, keeps the filters in the URL and is used with the
 * keyboard like any form (labels, native selects, a submit button).
 */
function FilterFields({ context, action, options }: { context: OverviewContext; action: string; options: FilterOptions }) {
  const { t, intl, filters } = context;
  const platformNames: Record<string, string> = t.platforms.names;
  const countries = [...new Set([...options.countries, ...(filters.country ? [filters.country] : [])])].map((code) => ({ code, name: countryName(code, intl) }));
  countries.sort((a, b) => a.name.localeCompare(b.name, intl));
  const genres = [...new Set([...options.genres, ...(filters.genre ? [filters.genre] : [])])].sort((a, b) => a.localeCompare(b, intl));
  return (
    <form className="filters" method="get" action={action} aria-labelledby="filters-title" data-testid="filters">
      <h2 id="filters-title" className="visually-hidden">
        {t.filters.title}
      </h2>
      <div className="field">
        <label htmlFor="filter-range">{t.filters.range}</label>
        <select id="filter-range" name="range" defaultValue={filters.range}>
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t.filters.presets[preset]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-country">{t.filters.country}</label>
        <select id="filter-country" name="country" defaultValue={filters.country ?? ''}>
          <option value="">{t.filters.allCountries}</option>
          {countries.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-platform">{t.filters.platform}</label>
        <select id="filter-platform" name="platform" defaultValue={filters.platform ?? ''}>
          <option value="">{t.filters.allPlatforms}</option>
          {platformParam.options.map((platform) => (
            <option key={platform} value={platform}>
              {platformNames[platform] ?? platform}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-genre">{t.filters.genre}</label>
        <select id="filter-genre" name="genre" defaultValue={filters.genre ?? ''}>
          <option value="">{t.filters.allGenres}</option>
          {genres.map((genre) => (
            <option key={genre} value={genre}>
              {genre}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-actions">
        <button type="submit">{t.filters.apply}</button>
        <a href={action}>{t.filters.reset}</a>
      </div>
    </form>
  );
}

/** The form with the countries and genres the period holds. */
export async function FilterForm({ context, action }: { context: OverviewContext; action: string }) {
  const [countries, genres] = await Promise.all([
    loadMetrics('playsByCountry', { range: context.filters.range, limit: 100 }),
    loadMetrics('genresByHourBucket', { range: context.filters.range, limit: 100 }),
  ]);
  const options = {
    countries: countries.ok ? countries.data.countries.map((c) => c.country) : [],
    genres: genres.ok ? [...new Set(genres.data.rows.map((r) => r.genre))] : [],
  };
  return <FilterFields context={context} action={action} options={options} />;
}

/** While the options load: the same form with the values in force only, already usable. */
export function FilterFormFallback({ context, action }: { context: OverviewContext; action: string }) {
  return <FilterFields context={context} action={action} options={{ countries: [], genres: [] }} />;
}

/** Why filters of the URL are not applied. */
export function FilterNotices({ context, notices }: { context: OverviewContext; notices: readonly FilterNotice[] }) {
  if (notices.length === 0) return null;
  const { t } = context;
  return (
    <ul className="notices" role="status" data-testid="filter-notices">
      {notices.map((notice, i) => (
        <li key={i}>{notice.kind === 'conflict' ? t.filters.conflict : interpolate(t.filters.invalid, { name: t.filters[notice.name], value: notice.value })}</li>
      ))}
    </ul>
  );
}
