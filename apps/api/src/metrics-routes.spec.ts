import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EncodedEvent, ListeningEvent } from '@music/events';
import { GoldReader, ResponseCache, type GoldQueryContext, type Served } from '@music/gold-queries';
import { utcDay } from '@music/metrics-contract';
import { createGoldLake, generateListeningEvents, groupTotals, listeningFacts, periodTotals, type GoldLakeFixture } from '@music/gold-queries/testing';
import { fileUriOf } from '@music/storage';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { buildApp } from './app';
import type { EventPublisher } from './event-publisher';
import { METRICS_ROUTES } from './metrics-routes';
import { validateAgainstSchema, type SchemaObject } from './test-helpers/openapi-schema-validator';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const LAST_7 = { from: '2026-11-18', to: '2026-11-24' };
const PREVIOUS_7 = { from: '2026-11-11', to: '2026-11-17' };
const LAST_28 = { from: '2026-10-28', to: '2026-11-24' };

const noPublisher: EventPublisher = { publish: async (_events: readonly EncodedEvent[]) => undefined };
const collector = { publisher: noPublisher, apiKeyHashes: [], maxEventAgeMs: 3_600_000, rateLimit: { max: 10, windowMs: 60_000 } };
const rounded = <T>(value: T): T => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v))) as T;

let fixture: GoldLakeFixture;
let reader: GoldReader;
let app: FastifyInstance;

beforeAll(async () => {
  fixture = await createGoldLake();
  await fixture.append(generateListeningEvents({ firstDay: '2026-11-04', days: 21, eventsPerDay: 80, seed: 5, beforeHourUtc: 12 }));
  await fixture.quarantine(2, new Date(NOW - 3_600_000));
  reader = await GoldReader.open(fixture.lake, { refreshIntervalMs: 0, now: () => NOW });
  app = await buildApp({ collector, metrics: { reader, cache: new ResponseCache(50), now: () => NOW } });
});

afterAll(async () => {
  await app?.close();
  await reader?.close();
  await fixture?.close();
});

/** One request per endpoint, with the gold table it reads. */
const ENDPOINTS: [string, string | null][] = [
  ['/v1/kpis?range=7d', 'daily_active_listeners'],
  ['/v1/top-artists?range=28d&limit=3', 'top_artists_daily'],
  ['/v1/top-tracks?from=2026-11-10&to=2026-11-20', 'top_tracks_daily'],
  ['/v1/genres/hour-buckets?range=this-month&genre=Rock', 'genres_by_hour_bucket_daily'],
  ['/v1/genres/local-hours?range=today&limit=1', 'genres_by_local_hour_daily'],
  ['/v1/plays/by-country?range=12m', 'plays_by_country_daily'],
  ['/v1/plays/by-platform?range=all&platform=ios', 'plays_by_platform_daily'],
  ['/v1/plays/by-device', 'plays_by_device_daily'],
  ['/v1/timeseries?range=28d&country=jp', 'plays_by_country_daily'],
  ['/v1/trending?limit=2', 'trending_artists_daily'],
  ['/v1/pipeline', null],
  ['/v1/live', 'bronze_listening_events'],
];

describe('metrics endpoints', () => {
  it.each(ENDPOINTS)('GET %s answers from its gold table, with version and last update', async (url, table) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.last_updated).toMatch(/^2\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    if (table === null) {
      expect(body.table_version).toBeNull();
      expect(body.tables).toHaveLength(16);
    } else {
      expect(body).toMatchObject({ table, table_version: 1 });
    }
  });

  it('covers every declared route', () => {
    expect(ENDPOINTS.map(([url]) => url.split('?')[0]).sort()).toEqual(METRICS_ROUTES.map((r) => r.path).sort());
  });

  it('GET /v1/kpis: the numbers of the generated events, against the previous 7 days', async () => {
    const body = (await app.inject('/v1/kpis?range=7d')).json();
    const facts = listeningFacts(fixture.events);
    // Today is in progress: the previous 7 days end at the same time of day as today's newest minute.
    const newest = Math.max(...facts.filter((f) => f.day === LAST_7.to).map((f) => f.at));
    const until = Math.floor(newest / 60_000) * 60_000 + 60_000;
    const [now, before] = [periodTotals(facts, LAST_7), periodTotals(facts, PREVIOUS_7, until - 7 * 86_400_000)];
    const compared = (value: number, previous: number) => ({ value, previous, delta: value - previous, change_ratio: (value - previous) / previous });
    const skipRate = (t: typeof now) => t.skips / (t.plays + t.skips);
    expect(body).toMatchObject({ ...LAST_7, days: 7, previous_from: PREVIOUS_7.from, previous_to: PREVIOUS_7.to, in_progress: { until: new Date(until).toISOString() } });
    expect(rounded(body.kpis)).toEqual(
      rounded({
        streams: compared(now.streams, before.streams),
        listeners: compared(now.listenerDays / 7, before.listenerDays / 7),
        minutes_listened: compared(now.minutes, before.minutes),
        likes: compared(now.likes, before.likes),
        shares: compared(now.shares, before.shares),
        skip_rate: compared(skipRate(now), skipRate(before)),
      }),
    );
  });

  it('GET /v1/top-artists: the most streamed artists of the last 28 days', async () => {
    const body = (await app.inject('/v1/top-artists?range=28d&limit=3')).json();
    const expected = groupTotals(listeningFacts(fixture.events), LAST_28, (f) => f.artistId, (f) => f.artistName).slice(0, 3);
    expect(body).toMatchObject(LAST_28);
    expect(rounded(body.artists)).toEqual(
      rounded(expected.map((g, i) => ({ rank: i + 1, artist_id: g.key, artist_name: g.name, streams: g.streams, plays: g.plays, skips: g.skips, minutes_listened: g.minutes, listener_days: g.listenerDays }))),
    );
  });

  it('GET /v1/plays/by-country: every country of the period, and one country asked in lower case', async () => {
    const facts = listeningFacts(fixture.events);
    const range = { from: '2026-11-05', to: '2026-11-09' };
    const groups = groupTotals(facts, range, (f) => f.country, undefined, 'plays');
    const total = groups.reduce((sum, g) => sum + g.streams, 0);
    const rows = groups.map((g, i) => ({ country: g.key, rank: i + 1, plays: g.plays, streams: g.streams, skips: g.skips, minutes_listened: g.minutes, listener_days: g.listenerDays, share_of_streams: g.streams / total }));
    const all = (await app.inject('/v1/plays/by-country?from=2026-11-05&to=2026-11-09')).json();
    expect(rounded(all.countries)).toEqual(rounded(rows));
    const fr = (await app.inject('/v1/plays/by-country?from=2026-11-05&to=2026-11-09&country=fr')).json();
    expect(rounded(fr.countries)).toEqual(rounded(rows.filter((r) => r.country === 'FR')));
  });
});

describe('GET /v1/live', () => {
  const MINUTE = 60_000;
  /** Distinct events per type in [from, to), from the generated events themselves. */
  function countEvents(events: readonly { event_id: string; event_type: string; occurred_at: string }[], from: number, to: number) {
    const seen = new Map<string, string>();
    for (const e of events) {
      const at = Date.parse(e.occurred_at);
      if (at >= from && at < to) seen.set(e.event_id, e.event_type);
    }
    const types = [...seen.values()];
    const count = (type: string) => types.filter((t) => t === type).length;
    return { events: seen.size, plays: count('play'), skips: count('skip'), likes: count('like'), shares: count('share') };
  }
  // The generated days are sparse (80 events per day): add a burst over the last 16 minutes.
  beforeAll(async () => {
    const burst = generateListeningEvents({ firstDay: '2026-11-24', days: 1, eventsPerDay: 48, seed: 21 }).map((event, i) => ({ ...event, occurred_at: new Date(NOW - 1_000 - i * 20_000).toISOString() }) as ListeningEvent);
    await fixture.append(burst);
  });

  const bronzeVersion = () =>
    Math.max(...readdirSync(join(fileURLToPath(fixture.lake.uri), 'bronze', 'listening_events', '_delta_log')).filter((f) => f.endsWith('.json')).map((f) => Number(f.slice(0, 20))));

  it('counts distinct events per minute and type over the last 15 minutes, the current one included', async () => {
    const response = await app.inject('/v1/live');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const from = NOW - 14 * MINUTE;
    expect(body).toMatchObject({
      table: 'bronze_listening_events',
      table_version: bronzeVersion(),
      as_of: new Date(NOW).toISOString(),
      minutes: 15,
      from: new Date(from).toISOString(),
      to: new Date(NOW + MINUTE).toISOString(),
    });
    const expectedSeries = Array.from({ length: 15 }, (_, i) => ({ minute: new Date(from + i * MINUTE).toISOString(), ...countEvents(fixture.events, from + i * MINUTE, from + (i + 1) * MINUTE) }));
    expect(body.series).toEqual(expectedSeries);
    expect(body.totals).toEqual(countEvents(fixture.events, from, NOW + MINUTE));
    expect(body.totals.plays).toBeGreaterThan(0);
    const newest = Math.max(...fixture.events.map((e) => Date.parse(e.occurred_at)));
    expect(body.newest_event_at).toBe(new Date(newest).toISOString());
  });

  it('takes a window of up to 60 minutes, and answers a repeated request from the cache until bronze changes', async () => {
    const url = '/v1/live?minutes=60';
    const first = await app.inject(url);
    expect(first.json().series).toHaveLength(60);
    expect(first.json().totals).toEqual(countEvents(fixture.events, NOW - 59 * MINUTE, NOW + MINUTE));
    expect((await app.inject(url)).headers['x-cache']).toBe('hit');
    const late = { ...generateListeningEvents({ firstDay: '2026-11-24', days: 1, eventsPerDay: 1, seed: 9 })[0], occurred_at: new Date(NOW - 30_000).toISOString() } as ListeningEvent;
    await fixture.append([late]);
    const after = await app.inject(url);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json().table_version).toBe(first.json().table_version + 1);
    expect(after.json().totals.events).toBe(first.json().totals.events + 1);
    expect(after.json().totals).toEqual(countEvents(fixture.events, NOW - 59 * MINUTE, NOW + MINUTE));
  });

  it("reads only today's and yesterday's partitions: two days later bronze has nothing live", async () => {
    const later = await buildApp({ collector, metrics: { reader, cache: new ResponseCache(10), now: () => NOW + 2 * 86_400_000 } });
    try {
      const body = (await later.inject('/v1/live?minutes=1')).json();
      expect(body).toMatchObject({ table_version: bronzeVersion(), newest_event_at: null, totals: { events: 0, plays: 0, skips: 0, likes: 0, shares: 0 } });
    } finally {
      await later.close();
    }
  });
});

describe('bad parameters', () => {
  it.each([
    ['/v1/kpis?country=FR', 'querystring.country', 'GET /v1/kpis cannot filter by country (gold table daily_active_listeners has no country column)'],
    ['/v1/kpis?platform=ios', 'querystring.platform', 'cannot filter by platform'],
    ['/v1/kpis?genre=rock', 'querystring.genre', 'cannot filter by genre'],
    ['/v1/top-artists?country=FR', 'querystring.country', 'gold table top_artists_daily has no country column'],
    ['/v1/top-tracks?genre=pop', 'querystring.genre', 'gold table top_tracks_daily has no genre column'],
    ['/v1/genres/hour-buckets?country=FR', 'querystring.country', 'genres_by_hour_bucket_daily has no country column'],
    ['/v1/genres/local-hours?platform=ios', 'querystring.platform', 'genres_by_local_hour_daily has no platform column'],
    ['/v1/plays/by-country?platform=ios', 'querystring.platform', 'plays_by_country_daily has no platform column'],
    ['/v1/plays/by-platform?genre=pop', 'querystring.genre', 'plays_by_platform_daily has no genre column'],
    ['/v1/plays/by-device?country=FR', 'querystring.country', 'plays_by_device_daily has no country column'],
    ['/v1/plays/by-device?device=Pixel', 'querystring.device', 'device is not a parameter of GET /v1/plays/by-device'],
    ['/v1/timeseries?genre=pop', 'querystring.genre', 'cannot filter by genre'],
    ['/v1/timeseries?country=FR&platform=ios', 'querystring.platform', 'cannot be combined with country'],
    ['/v1/timeseries?from=2000-01-01&to=2026-01-01', 'querystring.from', 'a daily series spans at most 3660 days'],
    ['/v1/trending?range=7d', 'querystring.range', 'range is not a parameter of GET /v1/trending (accepted: day, limit)'],
    ['/v1/trending?day=2026-11-31', 'querystring.day', 'expected a real UTC day as YYYY-MM-DD'],
    ['/v1/pipeline?limit=5', 'querystring.limit', 'GET /v1/pipeline takes no parameters'],
    ['/v1/kpis?from=2026-13-01&to=2026-11-02', 'querystring.from', 'expected a real UTC day as YYYY-MM-DD'],
    ['/v1/kpis?from=2026-11-01', 'querystring.to', 'required with from'],
    ['/v1/kpis?to=2026-11-01', 'querystring.from', 'required with to'],
    ['/v1/kpis?from=2026-11-05&to=2026-11-01', 'querystring.from', 'must not be after to (2026-11-05 > 2026-11-01)'],
    ['/v1/kpis?range=7d&from=2026-11-01&to=2026-11-02', 'querystring.range', 'give either range or from/to, not both'],
    ['/v1/kpis?range=5d', 'querystring.range', 'Invalid option'],
    ['/v1/kpis?from=1999-01-01&to=2026-11-02', 'querystring.from', 'expected a day from 2000-01-01 to 2099-12-31'],
    ['/v1/top-artists?limit=0', 'querystring.limit', 'expected an integer from 1 to 100'],
    ['/v1/top-tracks?limit=101', 'querystring.limit', 'expected an integer from 1 to 100'],
    ['/v1/genres/hour-buckets?limit=ten', 'querystring.limit', 'expected an integer from 1 to 100'],
    ['/v1/trending?limit=1&limit=2', 'querystring.limit', 'expected an integer from 1 to 100'],
    ['/v1/plays/by-country?country=XX', 'querystring.country', 'not an ISO 3166-1 alpha-2 country code'],
    ['/v1/plays/by-platform?platform=gramophone', 'querystring.platform', 'expected one of web, ios, android'],
    ['/v1/genres/local-hours?genre=', 'querystring.genre', 'expected a genre name'],
    ['/v1/top-artists?limt=5', 'querystring.limt', 'limt is not a parameter of GET /v1/top-artists (accepted: from, to, range, limit)'],
    ['/v1/live?minutes=0', 'querystring.minutes', 'expected an integer from 1 to 60'],
    ['/v1/live?minutes=61', 'querystring.minutes', 'expected an integer from 1 to 60'],
    ['/v1/live?minutes=5.5', 'querystring.minutes', 'expected an integer from 1 to 60'],
    ['/v1/live?range=today', 'querystring.range', 'range is not a parameter of GET /v1/live (accepted: minutes)'],
    ['/v1/live?country=FR', 'querystring.country', 'country is not a parameter of GET /v1/live (accepted: minutes)'],
  ])('GET %s is a 400 naming %s', async (url, parameter, message) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('bad_request');
    expect(body.details).toEqual([{ parameter, message: expect.stringContaining(message) }]);
    expect(body.message).toContain(`${parameter}: `);
  });

  it('names each of several unknown parameters', async () => {
    const body = (await app.inject('/v1/kpis?country=FR&genre=pop')).json();
    expect(body.details.map((d: { parameter: string }) => d.parameter)).toEqual(['querystring.country', 'querystring.genre']);
  });
});

describe('the response cache', () => {
  it('answers a repeated request from the cache, and recomputes once the gold table has a new version', async () => {
    const url = '/v1/top-artists?range=today&limit=2';
    const first = await app.inject(url);
    const second = await app.inject(url);
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(second.body).toBe(first.body);
    // The same days asked another way share the entry: keys hold resolved parameters.
    expect((await app.inject('/v1/top-artists?from=2026-11-24&to=2026-11-24&limit=2')).headers['x-cache']).toBe('hit');

    await fixture.append(generateListeningEvents({ firstDay: '2026-11-24', days: 1, eventsPerDay: 60, seed: 77, beforeHourUtc: 12 }));
    const after = await app.inject(url);
    expect(after.headers['x-cache']).toBe('miss');
    const body = after.json();
    expect(body.table_version).toBe(first.json().table_version + 1);
    const expected = groupTotals(listeningFacts(fixture.events), { from: '2026-11-24', to: '2026-11-24' }, (f) => f.artistId).slice(0, 2);
    expect(body.artists.map((a: { artist_id: string; streams: number }) => [a.artist_id, a.streams])).toEqual(expected.map((g) => [g.key, g.streams]));
    expect(body.artists).not.toEqual(first.json().artists);
    expect((await app.inject(url)).headers['x-cache']).toBe('hit');
  });
});

describe('the bytes sent', () => {
  it.each(ENDPOINTS.map(([url]) => url))('GET %s: a hit sends the same bytes and headers as the miss before it', async (url) => {
    const fresh = await buildApp({ collector, metrics: { reader, cache: new ResponseCache(10), now: () => NOW } });
    try {
      const miss = await fresh.inject(url);
      const hit = await fresh.inject(url);
      expect([miss.statusCode, miss.headers['x-cache'], hit.headers['x-cache']]).toEqual([200, 'miss', 'hit']);
      expect(hit.rawPayload.equals(miss.rawPayload)).toBe(true);
      const { 'x-cache': _missCache, date: _missDate, ...missHeaders } = miss.headers;
      const { 'x-cache': _hitCache, date: _hitDate, ...hitHeaders } = hit.headers;
      expect(hitHeaders).toEqual(missHeaders);
      expect(miss.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(miss.headers['content-length']).toBe(String(miss.rawPayload.length));
    } finally {
      await fresh.close();
    }
  });

  // What fastify-type-provider-zod's serializer (the route's 200 schema) writes for the body is what the API sent before it sent encoded bytes.
  it.each(ENDPOINTS.map(([url]) => url))('GET %s: the encoded bytes are what the zod serializer of the route writes for the body', async (url) => {
    const [path, search] = url.split('?') as [string, string | undefined];
    const route = METRICS_ROUTES.find((r) => r.path === path);
    if (!route) throw new Error(`no route ${path}`);
    const query = route.query.parse(Object.fromEntries(new URLSearchParams(search ?? '')));
    // Typed per route in METRICS_ROUTES; here every route is called alike.
    const handler = route.handler as (context: GoldQueryContext, query: unknown) => Promise<Served<unknown>>;
    const served = await handler({ reader, cache: new ResponseCache(10), now: NOW, today: utcDay(NOW) }, query);
    const serialize = serializerCompiler({ schema: route.response, method: 'GET', url: path, httpStatus: '200' }) as (body: unknown) => string;
    expect(served.encoded.toString('utf8')).toBe(serialize(served.body));
  });
});

describe('before the first batch run', () => {
  it('answers 503 naming the missing gold table, and the pipeline status shows an empty lake', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'api-empty-lake-'));
    const emptyReader = await GoldReader.open({ uri: fileUriOf(directory), storage: {} }, { refreshIntervalMs: 0 });
    const emptyApp = await buildApp({ collector, metrics: { reader: emptyReader } });
    try {
      const response = await emptyApp.inject('/v1/top-tracks');
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('60');
      expect(response.json()).toEqual({ error: 'not_ready', message: expect.stringContaining(`gold table top_tracks_daily does not exist yet at ${fileUriOf(directory)}/gold/top_tracks_daily`) });
      const pipeline = await emptyApp.inject('/v1/pipeline');
      expect(pipeline.statusCode).toBe(200);
      expect(pipeline.json()).toMatchObject({ last_updated: null, table_version: null, quarantine: { rows: 0, version: null } });
      const live = await emptyApp.inject('/v1/live?minutes=2');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({ table_version: null, last_updated: null, newest_event_at: null, totals: { events: 0 } });
      expect(live.json().series.map((m: { events: number }) => m.events)).toEqual([0, 0]);
    } finally {
      await emptyApp.close();
      await emptyReader.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/**
 * Responses are checked against the schemas published in /openapi.json with a validator written
 * for the purpose, rather than re-parsed by the zod schemas: fastify already encodes every
 * response through those zod schemas, so re-parsing could not fail; the published JSON is what
 * clients generate code from, and the zod → OpenAPI conversion is what this test can catch.
 */
describe('OpenAPI contract', () => {
  let spec: SchemaObject & { paths: Record<string, { get: { parameters?: { name: string; in: string }[]; responses: Record<string, { content: { 'application/json': { schema: SchemaObject } } }> } }> };

  beforeAll(async () => {
    spec = (await app.inject('/openapi.json')).json();
  });

  it('publishes every metrics route with its querystring parameters and responses', () => {
    for (const route of METRICS_ROUTES) {
      const operation = spec.paths[route.path]?.get;
      expect({ path: route.path, responses: Object.keys(operation?.responses ?? {}).sort() }).toEqual({ path: route.path, responses: ['200', '400', '503'] });
      expect((operation?.parameters ?? []).every((p) => p.in === 'query')).toBe(true);
    }
    expect(spec.paths['/v1/plays/by-country']?.get.parameters?.map((p) => p.name)).toEqual(['from', 'to', 'range', 'limit', 'country']);
    expect(spec.paths['/v1/pipeline']?.get.parameters).toBeUndefined();
  });

  const schemaOf = (path: string, status: string) => spec.paths[path]?.get.responses[status]?.content['application/json'].schema as SchemaObject;

  it.each([
    ...ENDPOINTS.map(([url]) => url),
    '/v1/kpis?range=all',
    '/v1/kpis?from=2030-01-01&to=2030-01-02',
    '/v1/genres/local-hours?range=28d&genre=jazz',
    '/v1/timeseries?range=7d&platform=web',
    '/v1/trending?day=2026-12-01',
    '/v1/live?minutes=3',
  ])('GET %s validates against its published 200 schema', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    expect(validateAgainstSchema(response.json(), schemaOf(url.split('?')[0] as string, '200'), spec)).toEqual([]);
  });

  it('validates 400 answers against the published error schema, and catches a response that breaks the contract', async () => {
    const bad = await app.inject('/v1/kpis?limit=3');
    expect(validateAgainstSchema(bad.json(), schemaOf('/v1/kpis', '400'), spec)).toEqual([]);
    const body = (await app.inject('/v1/kpis?range=7d')).json();
    const broken = { ...body, table_version: String(body.table_version), kpis: { ...body.kpis, streams: { ...body.kpis.streams, value: undefined } } };
    expect(validateAgainstSchema(JSON.parse(JSON.stringify(broken)), schemaOf('/v1/kpis', '200'), spec)).toEqual(['$.table_version: expected integer, got string', '$.kpis.streams.value: required']);
  });
});
