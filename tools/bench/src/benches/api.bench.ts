import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { addDays, genresByHourBucketResponse, playsByCountryResponse } from '@music/metrics-contract';
import { fileUriOf } from '@music/storage';
import { serviceEndpoint } from '@music/test-support';
import autocannon, { type AutocannonRequest } from 'autocannon';
import { z } from 'zod';
import { endpointLoads, MIN_DISTINCT, WINDOW_DAYS } from '../api-query-strings';
import { compare, median, type Comparison } from '../bench-report';
import type { BenchContext, Benchmark } from '../benchmark';
import { simulatedBronzeLake, simulatedGoldLake } from '../simulated-lake';
import { startDashboard, timePages, uncachedOverviewPaths } from '../dashboard-render';

/**
 * The read API under load: p50/p95/p99 latency of every read endpoint with 50 concurrent clients
 * (autocannon), the API started as its own process on 127.0.0.1 over gold built from the batch
 * benchmark's cached lake. Each endpoint is measured twice: one fixed query string (answered from
 * the response cache after the first request) and a distinct query string per request (every
 * answer computed by DuckDB). The reference is the same server's GET /healthz under the same load:
 * Fastify, the HTTP stack and the event loop with no work, the floor our figures stand on.
 * Then the dashboard's overview, server-rendered by `next start` over that API, timed to its last
 * byte, against the same Next server's static icon.
 */

const CONNECTIONS = 50;
const TARGET_P99_MS = 50;
const PORT = 19_700;
const DASHBOARD_PORT = 19_701;
/** Presets covering the cached lake's days: `all` whatever the date, `12m` within a year of them. */
const RENDER_RANGES = ['all', '12m'] as const;
const WARM_PAGE = '/en?range=all';
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  /** Answers marked `x-cache: hit`, out of all. */
  hitShare: number;
}

/** `connections` clients sending `next()` requests for `seconds`; every answer must be a 200. */
async function load(base: string, seconds: number, next: () => string): Promise<Latencies> {
  const times: number[] = [];
  let hits = 0;
  let answers = 0;
  let last = '';
  const request: AutocannonRequest = {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: (last = next()) }),
    onResponse: (_status, _body, _context, headers) => {
      answers++;
      if (headers['x-cache'] === 'hit') hits++;
    },
  };
  const instance = autocannon({ url: base, connections: CONNECTIONS, duration: seconds, timeout: 30, requests: [request] });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status === 200) times.push(responseTime);
  });
  const result = await instance;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`api bench: ${base}${last} (and others) answered ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const sorted = times.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), requestsPerSecond: sorted.length / seconds, hitShare: answers === 0 ? 0 : hits / answers };
}

/**
 * Waits until the server has answered what the last measurement left queued: when autocannon
 * stops, up to one request per connection is still waiting for one of the API's DuckDB
 * connections, served first come, first served. A request needing DuckDB (a query string never
 * used) queues behind them and returns once they have all been given a connection.
 */
async function drain(base: string, lastDay: string, n: number): Promise<void> {
  const response = await fetch(`${base}/v1/kpis?from=${lastDay}&to=${addDays(lastDay, 1000 + n)}`);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`api bench: the drain request answered ${response.status}`);
}

async function startApi(ctx: BenchContext, lake: string, brokers: string[]): Promise<{ child: ChildProcess; base: string }> {
  const base = `http://127.0.0.1:${PORT}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ctx.root, 'apps', 'api', 'src', 'main.ts')], {
    cwd: ctx.root,
    env: { ...ctx.env, LOG_LEVEL: 'warn', API_HOST: '127.0.0.1', API_PORT: String(PORT), LAKE_URI: fileUriOf(lake), KAFKA_BROKERS: brokers.join(','), COLLECTOR_TOPIC: 'bench-api-unused' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`api bench: the API exited with code ${child.exitCode} before serving /healthz`);
    if (Date.now() > deadline) throw new Error('api bench: the API did not serve /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Countries and genres present in the lake, for overview pages filtered on each. */
async function dimensionValues(base: string): Promise<{ countries: string[]; genres: string[] }> {
  const get = async <T>(path: string, schema: z.ZodType<T>): Promise<T> => {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) throw new Error(`api bench: ${path} answered ${response.status}`);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw new Error(`api bench: ${path} answered out of contract: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
  const byCountry = await get('/v1/plays/by-country?range=all&limit=100', playsByCountryResponse);
  const byBucket = await get('/v1/genres/hour-buckets?range=all&limit=100', genresByHourBucketResponse);
  return { countries: byCountry.countries.map((c) => c.country), genres: [...new Set(byBucket.rows.map((r) => r.genre))] };
}

export const apiBenchmark: Benchmark = {
  name: 'api',
  description: 'read API p50/p95/p99 with 50 clients (autocannon), cached and uncached, vs the same server\'s /healthz, and the dashboard overview\'s server render; gold from the batch lake',
  defaultRuns: 3,
  options: {
    events: { type: 'string', default: '10000000', description: 'events of the cached lake the gold tables are built from (see batch)' },
    seed: { type: 'string', default: 'batch-bench', description: 'simulator seed of that lake' },
    duration: { type: 'string', default: '10', description: 'seconds of load per endpoint, mode and run' },
    'render-pages': { type: 'string', default: '20', description: 'overview pages timed per kind and run (dashboard server render)' },
  },
  async run(ctx) {
    const loadAverage = loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
    const events = Math.round(Number(ctx.options['events']) * ctx.scale);
    const duration = Number(ctx.options['duration']);
    const renderPages = Number(ctx.options['render-pages']);
    if (!Number.isInteger(renderPages) || renderPages < 5 || renderPages > 200) throw new Error(`--render-pages must be a whole number from 5 to 200, got ${JSON.stringify(ctx.options['render-pages'])}`);
    if (!Number.isInteger(events) || events < 10_000) throw new Error(`--events must be a whole number >= 10000, got ${JSON.stringify(ctx.options['events'])}`);
    if (!Number.isInteger(duration) || duration < 1 || duration > 120) throw new Error(`--duration must be whole seconds from 1 to 120, got ${JSON.stringify(ctx.options['duration'])}`);
    const source = await simulatedBronzeLake(ctx.root, { seed: String(ctx.options['seed']), events }, ctx.log);
    const gold = await simulatedGoldLake(source, ctx.log);
    const { brokers } = await serviceEndpoint('kafka', ctx.env);
    const list = endpointLoads(source.manifest.firstDay, source.manifest.lastDay);
    const { child, base } = await startApi(ctx, gold.lake, brokers);
    let dashboard: ChildProcess | undefined;
    const floor: { p50: number[]; p95: number[]; p99: number[] } = { p50: [], p95: [], p99: [] };
    const measured = new Map<string, { p50: number[]; p95: number[]; p99: number[]; rps: number[]; hitShare: number[] }>();
    let counter = 0;
    let drains = 0;
    const settle = () => drain(base, source.manifest.lastDay, drains++);
    const render = new Map<string, { p50: number[]; p95: number[] }>();
    const recordRender = (kind: string, times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      const entry = render.get(kind) ?? { p50: [], p95: [] };
      entry.p50.push(percentile(sorted, 50));
      entry.p95.push(percentile(sorted, 95));
      render.set(kind, entry);
      ctx.log.info({ kind, p50: percentile(sorted, 50).toFixed(1), p95: percentile(sorted, 95).toFixed(1) }, 'dashboard, ms');
    };
    const record = (key: string, latencies: Latencies) => {
      const entry = measured.get(key) ?? { p50: [], p95: [], p99: [], rps: [], hitShare: [] };
      entry.p50.push(latencies.p50);
      entry.p95.push(latencies.p95);
      entry.p99.push(latencies.p99);
      entry.rps.push(latencies.requestsPerSecond);
      entry.hitShare.push(latencies.hitShare);
      measured.set(key, entry);
    };
    try {
      const started = await startDashboard(ctx, base, DASHBOARD_PORT);
      dashboard = started.child;
      const { countries, genres } = await dimensionValues(base);
      const coldPages = uncachedOverviewPaths(RENDER_RANGES, countries, genres, renderPages * ctx.runs);
      for (let run = 0; run < ctx.runs; run++) {
        await settle();
        const healthz = await load(base, duration, () => '/healthz');
        floor.p50.push(healthz.p50);
        floor.p95.push(healthz.p95);
        floor.p99.push(healthz.p99);
        ctx.log.info({ run, p50: healthz.p50.toFixed(2), p99: healthz.p99.toFixed(2), rps: Math.round(healthz.requestsPerSecond) }, 'GET /healthz (floor), ms');
        for (const endpoint of list) {
          await settle();
          const cached = await load(base, duration, () => `${endpoint.path}${endpoint.cached ? `?${endpoint.cached}` : ''}`);
          record(`${endpoint.path} cached`, cached);
          ctx.log.info({ run, endpoint: endpoint.path, p50: cached.p50.toFixed(2), p95: cached.p95.toFixed(2), p99: cached.p99.toFixed(2), rps: Math.round(cached.requestsPerSecond), hits: cached.hitShare.toFixed(3) }, 'cached, ms');
          const distinct = endpoint.uncached;
          if (!distinct) continue;
          // The counter runs on across endpoints and runs: a query string comes back only after MIN_DISTINCT others.
          await settle();
          const uncached = await load(base, duration, () => `${endpoint.path}?${distinct(counter++)}`);
          record(`${endpoint.path} uncached`, uncached);
          ctx.log.info({ run, endpoint: endpoint.path, p50: uncached.p50.toFixed(2), p95: uncached.p95.toFixed(2), p99: uncached.p99.toFixed(2), rps: Math.round(uncached.requestsPerSecond), hits: uncached.hitShare.toFixed(3) }, 'uncached, ms');
        }
        await settle();
        recordRender('floor', await timePages(started.base, Array.from({ length: renderPages }, () => '/icon.svg'), 3));
        recordRender('warm', await timePages(started.base, Array.from({ length: renderPages }, () => WARM_PAGE), 3));
        recordRender('cold', await timePages(started.base, coldPages.slice(run * renderPages, (run + 1) * renderPages)));
      }
    } finally {
      if (dashboard) await stop(dashboard);
      await stop(child);
    }

    const floorName = `GET /healthz on the same server, same ${CONNECTIONS} clients (the floor: no work)`;
    const comparisons: Comparison[] = [];
    for (const [key, entry] of measured) {
      for (const p of ['p50', 'p95', 'p99'] as const) {
        comparisons.push(
          compare({
            metric: `${key}: ${p} latency, ${CONNECTIONS} clients`,
            unit: 'ms',
            higherIsBetter: false,
            ours: entry[p],
            reference: { name: floorName, runs: floor[p] },
            ...(p === 'p99' ? { absoluteTarget: TARGET_P99_MS } : {}),
          }),
        );
      }
    }
    const notes = [
      `Load average (1/5/15 min) when the bench started: ${loadAverage}; 2 cores shared by the API process, autocannon (this process) and anything else running.`,
      `The API (apps/api/src/main.ts, LOG_LEVEL=warn, every other setting at its default) runs as its own process on ${base}, over a local-disk lake whose silver and gold were built by refreshLake({ full: true }) from the batch benchmark's cached bronze lake (built once in ${gold.builtSeconds} s).`,
      `Each endpoint, mode and run: ${CONNECTIONS} connections for ${duration} s (autocannon 9, no pipelining); percentiles over every 200 answer's time (autocannon's per-response times), medians over ${ctx.runs} runs. Any non-200 answer, error or timeout fails the bench.`,
      `Cached: one fixed query string (the last ${WINDOW_DAYS} days of data, from/to), answered from the response cache after the first request. Uncached: a distinct query string per request, one coming back only after ${MIN_DISTINCT.toLocaleString('en-US')} others (from moves back over data days, to forward past the last day, limit varies), more than the response cache keeps, so every answer is computed by DuckDB (the share of hits is checked below); /v1/pipeline takes no parameter and is cached per set of table versions, so it has no uncached figure.`,
      'Reference: GET /healthz of the same process under the same load, measured at the start of each run: Fastify, Node\'s HTTP stack and the event loop shared with autocannon, with no work. An endpoint\'s distance from it is the cost of our query path (cache lookup, or DuckDB over the gold Delta files, zod validation of the rows and the response).',
      'Uncached answers run on the API\'s 4 DuckDB connections (one thread each) over in-memory copies of the gold versions, and queue for a free connection: with 50 clients waiting, p50 is about 50 / (requests/s below). The cached figures measure the HTTP path and the response cache (a hit sends bytes encoded when the entry was made).',
      ...[...measured].map(([key, entry]) => `${key}: ${Math.round(median(entry.rps))} requests/s, share of cache hits ${median(entry.hitShare).toFixed(3)}`),
    ];
    const floorRender = render.get('floor');
    const renderFloor = { name: `GET /icon.svg from the same Next server, one client (the floor: no rendering)`, runs: floorRender?.p50 ?? [] };
    for (const [kind, label] of [
      ['warm', `overview ${WARM_PAGE}, its API answers cached`],
      ['cold', 'overview pages never asked before (each range × filter once: the API computes most answers)'],
    ] as const) {
      const entry = render.get(kind);
      if (!entry) continue;
      for (const p of ['p50', 'p95'] as const) {
        comparisons.push(compare({ metric: `dashboard ${label}: server render to last byte, ${p}`, unit: 'ms', higherIsBetter: false, ours: entry[p], reference: { ...renderFloor, runs: floorRender?.[p] ?? [] } }));
      }
    }
    notes.push(
      `Dashboard: next start (apps/dashboard, built by nx) on ${DASHBOARD_PORT}, reading the bench's API. Each run, after the API figures: ${renderPages} sequential GETs of /icon.svg (floor), ${renderPages} of ${WARM_PAGE} after 3 untimed ones (its API answers then cached), and ${renderPages} overview pages never asked before (${RENDER_RANGES.join(' and ')} × one country, genre or platform filter). Time to the last byte of the streamed HTML, every widget resolved; a page showing a widget error fails the bench.`,
      `The lake's data ends on ${source.manifest.lastDay}: the presets ending today (today, 7d, 28d, this-month) would show empty widgets, so the pages use ${RENDER_RANGES.join(' and ')}.`,
    );
    return {
      dataSize: `gold built from ${source.manifest.events.toLocaleString('en-US')} simulated events (${source.manifest.firstDay} to ${source.manifest.lastDay}, seed ${JSON.stringify(source.manifest.seed)})`,
      comparisons,
      notes,
    };
  },
};
