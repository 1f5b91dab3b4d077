import { cacheKey, ResponseCache } from './response-cache';

describe('ResponseCache', () => {
  it('computes on a miss and answers the same value on a hit', async () => {
    const cache = new ResponseCache(10);
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    expect(await cache.getOrCompute('a', compute)).toEqual({ value: { n: 1 }, hit: false });
    expect(await cache.getOrCompute('a', compute)).toEqual({ value: { n: 1 }, hit: true });
    expect(cache.stats()).toEqual({ entries: 1, hits: 1, misses: 1 });
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new ResponseCache(2);
    await cache.getOrCompute('a', async () => 'A');
    await cache.getOrCompute('b', async () => 'B');
    await cache.getOrCompute('a', async () => 'A2');
    await cache.getOrCompute('c', async () => 'C');
    expect(cache.stats().entries).toBe(2);
    expect((await cache.getOrCompute('a', async () => 'A3')).hit).toBe(true);
    expect(await cache.getOrCompute('b', async () => 'B2')).toEqual({ value: 'B2', hit: false });
  });

  it('shares one computation between concurrent requests for a key', async () => {
    const cache = new ResponseCache(10);
    let computed = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      computed++;
      await gate;
      return 'value';
    };
    const first = cache.getOrCompute('k', compute);
    const second = cache.getOrCompute('k', compute);
    release();
    expect(await Promise.all([first, second])).toEqual([
      { value: 'value', hit: false },
      { value: 'value', hit: true },
    ]);
    expect(computed).toBe(1);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ResponseCache(10);
    await expect(cache.getOrCompute('k', async () => Promise.reject(new Error('DuckDB failed')))).rejects.toThrow('DuckDB failed');
    expect(await cache.getOrCompute('k', async () => 'ok')).toEqual({ value: 'ok', hit: false });
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new ResponseCache(0)).toThrow('positive integer, got 0');
  });
});

describe('cacheKey', () => {
  const table = [{ name: 'top_artists_daily', version: 3 }];

  it('does not depend on the order parameters were given in', () => {
    expect(cacheKey('top-artists', { from: '2026-11-01', to: '2026-11-07', limit: 5 }, table)).toBe(cacheKey('top-artists', { limit: 5, to: '2026-11-07', from: '2026-11-01' }, table));
  });

  it('differs by endpoint, by parameter value and by table version', () => {
    const base = cacheKey('top-artists', { limit: 5 }, table);
    expect(cacheKey('top-tracks', { limit: 5 }, table)).not.toBe(base);
    expect(cacheKey('top-artists', { limit: 6 }, table)).not.toBe(base);
    expect(cacheKey('top-artists', { limit: 5 }, [{ name: 'top_artists_daily', version: 4 }])).not.toBe(base);
    expect(cacheKey('top-artists', { limit: '5' }, table)).not.toBe(base);
  });
});
