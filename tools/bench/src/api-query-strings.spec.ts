import { METRICS_ENDPOINTS } from '@music/metrics-contract';
import { endpointLoads, MIN_DISTINCT } from './api-query-strings';

const params = (query: string) => Object.fromEntries(new URLSearchParams(query));

describe.each([
  ['8 weeks of data', '2026-09-07', '2026-11-04'],
  ['a single day', '2026-11-04', '2026-11-04'],
])('the API benchmark query strings over %s', (_label, firstDay, lastDay) => {
  const loads = endpointLoads(firstDay, lastDay);

  it('covers every read endpoint the API serves over gold', () => {
    expect(loads.map((l) => l.name).sort()).toEqual(Object.keys(METRICS_ENDPOINTS).filter((name) => name !== 'live').sort());
  });

  it.each(loads.map((l) => [l.path, l] as const))('%s: every query string is valid, uncached ones never equal the cached one nor come back within %s', (_path, load) => {
    const schema = METRICS_ENDPOINTS[load.name].query;
    expect(schema.safeParse(params(load.cached)).error).toBeUndefined();
    if (!load.uncached) return;
    const lastSeen = new Map<string, number>();
    for (let i = 0; i < 3 * MIN_DISTINCT; i++) {
      const query = load.uncached(i);
      expect(query).not.toBe(load.cached);
      const seen = lastSeen.get(query);
      if (seen !== undefined) expect(i - seen).toBeGreaterThanOrEqual(MIN_DISTINCT);
      lastSeen.set(query, i);
      if (i % 97 === 0) expect({ query, error: schema.safeParse(params(query)).error }).toEqual({ query, error: undefined });
    }
  });
});
