import { MetricsApi, MetricsApiError } from './metrics-api';

/** A fetch that answers one canned response and records the URLs asked. */
function fakeFetch(answer: { status: number; body: unknown } | Error) {
  const urls: string[] = [];
  const fetch = (async (input: URL | RequestInfo) => {
    urls.push(String(input));
    if (answer instanceof Error) throw answer;
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

const topArtists = {
  table: 'top_artists_daily',
  table_version: 3,
  last_updated: '2026-12-06T03:32:26.578Z',
  from: '2026-11-30',
  to: '2026-12-06',
  artists: [{ rank: 1, artist_id: 'a-1', artist_name: 'Nova', streams: 10, plays: 12, skips: 3, minutes_listened: 30.5, listener_days: 7 }],
};

async function failure(promise: Promise<unknown>): Promise<MetricsApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MetricsApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('MetricsApi', () => {
  it('asks the contract path with the given parameters and returns the parsed answer', async () => {
    const { fetch, urls } = fakeFetch({ status: 200, body: topArtists });
    const api = new MetricsApi({ baseUrl: 'http://127.0.0.1:3001', timeoutMs: 1000, fetch });
    expect(await api.get('topArtists', { range: '7d', limit: 5 })).toEqual(topArtists);
    expect(urls).toEqual(['http://127.0.0.1:3001/v1/top-artists?range=7d&limit=5']);
  });

  it('refuses parameters the API would refuse, without calling it', async () => {
    const { fetch, urls } = fakeFetch({ status: 200, body: topArtists });
    const error = await failure(new MetricsApi({ baseUrl: 'http://api', timeoutMs: 1000, fetch }).get('kpis', { range: '3d' as '7d' }));
    expect(error.message).toContain('GET /v1/kpis?range=3d: parameters refused before sending');
    expect(urls).toEqual([]);
  });

  it('names the request and the API message of an error answer', async () => {
    const { fetch } = fakeFetch({ status: 503, body: { error: 'not_ready', message: 'gold table top_artists_daily does not exist yet' } });
    const error = await failure(new MetricsApi({ baseUrl: 'http://api', timeoutMs: 1000, fetch }).get('topArtists', {}));
    expect(error).toMatchObject({ status: 503, endpoint: 'topArtists', url: 'http://api/v1/top-artists', message: 'GET /v1/top-artists: answered 503: gold table top_artists_daily does not exist yet' });
  });

  it('refuses an answer that breaks the contract, saying where', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { ...topArtists, table_version: '3' } });
    const error = await failure(new MetricsApi({ baseUrl: 'http://api', timeoutMs: 1000, fetch }).get('topArtists', {}));
    expect(error.message).toContain('the answer does not match the contract');
    expect(error.message).toContain('table_version');
  });

  it('says the API cannot be reached, keeping the cause', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3001'), { code: 'ECONNREFUSED' });
    const { fetch } = fakeFetch(new TypeError('fetch failed', { cause }));
    const error = await failure(new MetricsApi({ baseUrl: 'http://127.0.0.1:3001', timeoutMs: 1000, fetch }).get('pipeline', {}));
    expect(error).toMatchObject({ status: null, message: 'GET /v1/pipeline: the API cannot be reached (fetch failed: ECONNREFUSED)' });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('reports a body that is not JSON', async () => {
    const { fetch } = fakeFetch({ status: 502, body: '<html>Bad gateway</html>' });
    expect((await failure(new MetricsApi({ baseUrl: 'http://api', timeoutMs: 1000, fetch }).get('live', {}))).message).toBe(
      'GET /v1/live: answered 502 with a body that is not JSON: <html>Bad gateway</html>',
    );
  });
});
