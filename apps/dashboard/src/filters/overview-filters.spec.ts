import { activeFilters, overviewSearch, parseOverviewFilters } from './overview-filters';
import { dimensionFilter, filtersNotApplied } from './widget-filters';

describe('overview filters in the URL', () => {
  it('defaults to the last 7 days and no dimension', () => {
    expect(parseOverviewFilters({})).toEqual({ filters: { range: '7d' }, notices: [] });
    expect(parseOverviewFilters({ country: '', platform: '', genre: ' ' })).toEqual({ filters: { range: '7d' }, notices: [] });
  });

  it('normalises values the way the API does', () => {
    expect(parseOverviewFilters({ range: '28d', country: 'fr', genre: ' Hip-Hop ' }).filters).toEqual({ range: '28d', country: 'FR', genre: 'hip-hop' });
    expect(parseOverviewFilters({ platform: 'smart_speaker' }).filters).toEqual({ range: '7d', platform: 'smart_speaker' });
  });

  it('drops what the API would refuse, saying so', () => {
    expect(parseOverviewFilters({ range: '3d', country: 'XX', platform: 'gramophone' })).toEqual({
      filters: { range: '7d' },
      notices: [
        { kind: 'invalid', name: 'range', value: '3d' },
        { kind: 'invalid', name: 'country', value: 'XX' },
        { kind: 'invalid', name: 'platform', value: 'gramophone' },
      ],
    });
  });

  it('keeps the country when a platform is given too', () => {
    expect(parseOverviewFilters({ country: 'JP', platform: 'ios' })).toEqual({ filters: { range: '7d', country: 'JP' }, notices: [{ kind: 'conflict' }] });
  });

  it('takes the first of repeated parameters', () => {
    expect(parseOverviewFilters({ range: ['12m', 'today'] }).filters.range).toBe('12m');
  });

  it('writes a stable query string that parses back to the same filters', () => {
    const filters = { range: 'this-month', genre: 'rock', country: 'BR' } as const;
    expect(overviewSearch(filters)).toBe('?range=this-month&country=BR&genre=rock');
    expect(parseOverviewFilters(Object.fromEntries(new URLSearchParams(overviewSearch(filters))))).toEqual({ filters, notices: [] });
    expect(overviewSearch({ range: '7d' })).toBe('');
  });
});

describe('filters per widget', () => {
  it('names the active filters a widget cannot apply', () => {
    const filters = { range: '28d', country: 'FR', genre: 'pop' } as const;
    expect(activeFilters(filters)).toEqual(['range', 'country', 'genre']);
    expect(filtersNotApplied('topArtists', filters)).toEqual(['country', 'genre']);
    expect(filtersNotApplied('kpis', filters)).toEqual(['genre']);
    expect(filtersNotApplied('genres', filters)).toEqual(['country']);
    expect(filtersNotApplied('timeseries', { range: '7d' })).toEqual([]);
  });

  it('restricts KPIs and series to the country, else the platform', () => {
    expect(dimensionFilter({ range: '7d', country: 'FR' })).toEqual({ dimension: 'country', value: 'FR' });
    expect(dimensionFilter({ range: '7d', platform: 'web' })).toEqual({ dimension: 'platform', value: 'web' });
    expect(dimensionFilter({ range: '7d' })).toBeUndefined();
  });
});
