import type { FilterName, OverviewFilters } from './overview-filters';
import { activeFilters } from './overview-filters';

/**
 * Which filters each overview widget honours, from what its API endpoint can filter on: the
 * rest are named under the widget ("no effect here") rather than silently ignored.
 */
export const WIDGET_FILTERS = {
  kpis: ['range', 'country', 'platform'],
  rates: ['range', 'country', 'platform'],
  timeseries: ['range', 'country', 'platform'],
  topArtists: ['range'],
  topTracks: ['range'],
  genres: ['range', 'genre'],
  countries: ['range', 'country'],
  platforms: ['range', 'platform'],
  devices: ['range'],
  // Fixed windows ending on the newest whole day, for the whole service.
  trending: [],
} as const satisfies Record<string, readonly FilterName[]>;

export type OverviewWidget = keyof typeof WIDGET_FILTERS;

/** Active filters the widget cannot apply. */
export function filtersNotApplied(widget: OverviewWidget, filters: OverviewFilters): FilterName[] {
  const honoured: readonly FilterName[] = WIDGET_FILTERS[widget];
  return activeFilters(filters).filter((name) => !honoured.includes(name));
}

export type DimensionFilter = { dimension: 'country'; value: string } | { dimension: 'platform'; value: NonNullable<OverviewFilters['platform']> };

/** The one dimension a KPI or series is restricted to, if any (the parser keeps at most one of the two). */
export function dimensionFilter(filters: OverviewFilters): DimensionFilter | undefined {
  if (filters.country !== undefined) return { dimension: 'country', value: filters.country };
  if (filters.platform !== undefined) return { dimension: 'platform', value: filters.platform };
  return undefined;
}
