import { uncachedOverviewPaths } from './dashboard-render';

describe('uncachedOverviewPaths', () => {
  it('gives n distinct overview pages, each one range and one filter', () => {
    const paths = uncachedOverviewPaths(['all', '12m'], ['FR', 'US'], ['hip hop'], 12);
    expect(paths).toHaveLength(12);
    expect(new Set(paths).size).toBe(12);
    expect(paths.slice(0, 3)).toEqual(['/en?range=all&country=FR', '/en?range=12m&country=FR', '/en?range=all&country=US']);
    expect(paths).toContain('/en?range=12m&genre=hip%20hop');
    expect(paths).toContain('/en?range=all&platform=web');
  });

  it('refuses to repeat a page when the lake offers too few filters', () => {
    expect(() => uncachedOverviewPaths(['all'], ['FR'], [], 6)).toThrow('only 5 distinct uncached overview pages, 6 wanted');
  });
});
