import { countryParam, DEFAULT_RANGE, genreParam, platformParam, RANGE_PRESETS, type RangePreset } from '@music/metrics-contract';
import type { z } from 'zod';

/** The overview's filters, as kept in the URL: ?range=28d&country=FR&platform=ios&genre=rock. */
export interface OverviewFilters {
  range: RangePreset;
  country?: string;
  platform?: z.output<typeof platformParam>;
  genre?: string;
}

export type FilterName = keyof OverviewFilters;

/** Why a filter of the URL is not applied. */
export type FilterNotice = { kind: 'invalid'; name: FilterName; value: string } | { kind: 'conflict' };

export type SearchParams = Readonly<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined || one.trim() === '' ? undefined : one;
};

/**
 * Reads the filters from the query string with the API contract's own rules (country any case,
 * genre trimmed and lower-cased): a bad value is dropped with a notice rather than sent to the
 * API. Country and platform exclude each other (no gold table has both); country wins.
 */
export function parseOverviewFilters(search: SearchParams): { filters: OverviewFilters; notices: FilterNotice[] } {
  const notices: FilterNotice[] = [];
  const filters: OverviewFilters = { range: DEFAULT_RANGE };
  const range = first(search['range']);
  if (range !== undefined) {
    if ((RANGE_PRESETS as readonly string[]).includes(range)) filters.range = range as RangePreset;
    else notices.push({ kind: 'invalid', name: 'range', value: range });
  }
  const dimensions = [
    ['country', countryParam],
    ['platform', platformParam],
    ['genre', genreParam],
  ] as const;
  for (const [name, schema] of dimensions) {
    const raw = first(search[name]);
    if (raw === undefined) continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) Object.assign(filters, { [name]: parsed.data });
    else notices.push({ kind: 'invalid', name, value: raw });
  }
  if (filters.country !== undefined && filters.platform !== undefined) {
    delete filters.platform;
    notices.push({ kind: 'conflict' });
  }
  return { filters, notices };
}

/** The query string of the filters (with its `?`, empty for the defaults), in a stable order. */
export function overviewSearch(filters: OverviewFilters): string {
  const params = new URLSearchParams();
  if (filters.range !== DEFAULT_RANGE) params.set('range', filters.range);
  for (const name of ['country', 'platform', 'genre'] as const) {
    const value = filters[name];
    if (value !== undefined) params.set(name, value);
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** Filters that are set (the range always is). */
export function activeFilters(filters: OverviewFilters): FilterName[] {
  return (['range', 'country', 'platform', 'genre'] as const).filter((name) => filters[name] !== undefined);
}
