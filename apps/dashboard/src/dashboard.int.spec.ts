import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, serviceEndpoint } from '@music/test-support';
import { chromium, type Browser, type Page } from 'playwright-core';
import { formatDay } from './format/date-format';
import { parseEvents, playsBetween, secondCountry, streams, topArtist, type ProducedEvent } from './test-helpers/expected-metrics';
import { ROOT, runProgram, startProgram, stopProgram, tsxScript, waitUntil, type Program } from './test-helpers/pipeline-processes';

/**
 * The dashboard in a real browser over the real pipeline: a seeded backfill through Kafka, the
 * ingest into bronze, the batch job to gold, the API, then `next start`. Expected numbers are
 * recomputed from the producer's own NDJSON (same seed and settings), never from the API.
 */

jest.setTimeout(300_000);

const APP = join(__dirname, '..');
const SCREENSHOTS = join(APP, 'test-output', 'screenshots');
const LOGS = join(ROOT, '.run', 'logs', 'tests', `dashboard-e2e-${Date.now()}`);
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 800 } } as const;
const DAY_MS = 86_400_000;

const utcDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
const format = (value: number, intl: string) => new Intl.NumberFormat(intl, { maximumFractionDigits: 0 }).format(value);

const running: Program[] = [];
let browser: Browser | undefined;
let events: ProducedEvent[];
let lakeDir: string;
let dashboardUrl: string;
let apiUrl: string;
let api: Program;
/** Malformed records produced on purpose, for the quarantine. */
let malformed: number;

/** The latest version of a Delta table, read from its log directory; null when the table does not exist. */
function deltaVersion(tableDir: string): number | null {
  const log = join(tableDir, '_delta_log');
  if (!existsSync(log)) return null;
  const versions = readdirSync(log)
    .filter((name) => /^\d{20}\.json$/.test(name))
    .map((name) => Number(name.slice(0, 20)));
  return versions.length === 0 ? null : Math.max(...versions);
}

/** The page at both widths, full length, kept as test artifacts; the phone width must not scroll sideways. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ name, label, overflow }).toEqual({ name, label, overflow: 0 });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/**
 * Every widget streams in under its own Suspense boundary and React reveals them in batches after
 * `load`: until then a widget shows its loading state, or its fallback (the filter form's, for
 * one) sits beside the hidden content (`div[hidden][id^="S:"]`, two elements with one id). Waits
 * until no boundary is pending.
 */
async function settled(page: Page): Promise<void> {
  const pending = '[data-testid="state-loading"], template[id^="B:"], div[hidden][id^="S:"]';
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, pending, { timeout: 30_000 });
}

async function newPage(): Promise<Page> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  return context.newPage();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { brokers } = await serviceEndpoint('kafka', process.env);
  const topic = `dashboard-e2e-${randomUUID()}`;
  lakeDir = mkdtempSync(join(tmpdir(), 'dashboard-e2e-lake-'));
  const lake = `file://${lakeDir}`;
  const [ingestPort, apiPort, dashboardPort] = [await freePort(), await freePort(), await freePort()];

  if (!existsSync(join(APP, '.next', 'BUILD_ID'))) {
    await runProgram('next-build', [require.resolve('next/dist/bin/next'), 'build'], {}, join(LOGS, 'next-build.log'), { cwd: APP });
  }

  // Two weeks up to this minute: the last 7 days, the 7 before them, and recent events for the live tile.
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const producer = [...tsxScript('apps/producer/src/main.ts'), '--from', utcDay(Date.now() - 13 * DAY_MS), '--to', to, '--users', '150', '--artists', '40', '--tracks', '400', '--seed', 'dashboard-e2e'];
  events = parseEvents(await runProgram('producer-ndjson', [...producer, '--out', '-'], {}, join(LOGS, 'producer-ndjson.log'), { captureStdout: true }));
  expect(events.length).toBeGreaterThan(10_000);

  const ingest = startProgram(
    'ingest',
    tsxScript('apps/streaming-ingest/src/main.ts'),
    {
      KAFKA_BROKERS: brokers.join(','),
      INGEST_TOPIC: topic,
      INGEST_DLQ_TOPIC: `${topic}.dlq`,
      INGEST_GROUP: `g-${topic}`,
      LAKE_URI: lake,
      INGEST_HTTP_PORT: String(ingestPort),
      INGEST_OPTIMIZE_INTERVAL_MS: '0',
    },
    join(LOGS, 'ingest.log'),
  );
  running.push(ingest);
  await runProgram('producer', [...producer, '--topic', topic, '--brokers', brokers.join(',')], {}, join(LOGS, 'producer.log'));
  // Then records of many malformed kinds (this seed makes all 12 malformed), for the quarantine.
  const rejectsSummary = join(LOGS, 'producer-rejects.json');
  const rejects = [...tsxScript('apps/producer/src/main.ts'), '--from', utcDay(Date.now() - DAY_MS), '--to', to, '--users', '150', '--count', '12', '--bad-ratio', '0.95', '--seed', 'dashboard-e2e-bad'];
  await runProgram('producer-rejects', [...rejects, '--topic', topic, '--brokers', brokers.join(','), '--summary', rejectsSummary], {}, join(LOGS, 'producer-rejects.log'));
  const rejected = JSON.parse(readFileSync(rejectsSummary, 'utf8')) as { events: { total: number }; malformed: { total: number } };
  expect([rejected.events.total, rejected.malformed.total]).toEqual([0, 12]);
  malformed = rejected.malformed.total;
  // The counters move after each commit to bronze: every record is in a table once they reach the counts.
  await waitUntil(
    `${events.length} events in bronze and ${malformed} in the quarantine`,
    async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${ingestPort}/metrics`)).text();
      const count = (result: string) => Number(new RegExp(`^ingest_events_total\\{result="${result}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
      return count('valid') >= events.length && count('invalid') >= malformed;
    },
    120_000,
    ingest,
  );
  await stopProgram(ingest);

  await runProgram('batch', [...tsxScript('apps/batch-metrics/src/main.ts'), 'run'], { LAKE_URI: lake }, join(LOGS, 'batch.log'));

  api = startProgram('api', tsxScript('apps/api/src/main.ts'), { API_PORT: String(apiPort), LAKE_URI: lake, KAFKA_BROKERS: brokers.join(','), COLLECTOR_TOPIC: topic, INGEST_GROUP: `g-${topic}`, LOG_LEVEL: 'warn' }, join(LOGS, 'api.log'));
  running.push(api);
  apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitUntil('the API', async () => (await fetch(`${apiUrl}/healthz`)).ok, 60_000, api);

  dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  const dashboard = startProgram(
    'dashboard',
    tsxScript('apps/dashboard/src/main.ts'),
    { API_URL: `http://127.0.0.1:${apiPort}`, DASHBOARD_PORT: String(dashboardPort), LOG_LEVEL: 'warn' },
    join(LOGS, 'dashboard.log'),
  );
  running.push(dashboard);
  await waitUntil('the dashboard', async () => (await fetch(`${dashboardUrl}/fr/pipeline`)).ok, 60_000, dashboard);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});

afterAll(async () => {
  await browser?.close();
  for (const program of running.reverse()) await stopProgram(program);
  if (lakeDir) rmSync(lakeDir, { recursive: true, force: true });
});

describe('dashboard over the real pipeline', () => {
  it('shows the overview numbers of the produced events, their freshness and the live plays', async () => {
    const page = await newPage();
    await page.goto(`${dashboardUrl}/en`);
    await settled(page);
    const period = page.getByTestId('period');
    const days = { from: (await period.getAttribute('data-from')) ?? '', to: (await period.getAttribute('data-to')) ?? '' };
    expect(days).toEqual({ from: utcDay(Date.now() - 6 * DAY_MS), to: utcDay(Date.now()) });

    const expected = streams(events, days);
    expect(await page.getByTestId('kpi-value-streams').textContent()).toBe(format(expected, 'en-GB'));
    expect(Number(await page.getByTestId('timeseries-summary').getAttribute('data-streams'))).toBe(expected);
    // Today is not over: its bar is drawn lighter, and the caption says why.
    const today = utcDay(Date.now());
    expect(await page.getByTestId('timeseries-summary').getAttribute('data-in-progress')).toBe(today);
    expect(await page.getByTestId('timeseries-summary').textContent()).toContain(`${formatDay(today, 'en-GB')} is not over: its bar, lighter, holds the day so far.`);
    expect(await page.getByTestId('widget-timeseries').locator('.recharts-bar-rectangle path[fill-opacity="0.4"]').count()).toBe(1);

    const top = topArtist(events, days);
    expect(top.streams).toBeGreaterThan(top.runnerUpStreams);
    const firstRow = page.getByTestId('top-artist-row').first();
    expect(await firstRow.getByTestId('top-artist-name').textContent()).toBe(top.name);
    expect(digits(await firstRow.getByTestId('top-artist-streams').textContent())).toBe(top.streams);

    const goldVersion = deltaVersion(join(lakeDir, 'gold', 'daily_active_listeners'));
    expect(await page.getByTestId('freshness').textContent()).toMatch(new RegExp(`^Data as of \\d+ \\w+ \\d{4}, \\d{2}:\\d{2} UTC · daily_active_listeners v${goldVersion}$`));

    const live = page.getByTestId('live-plays');
    await live.waitFor();
    const window = { from: (await live.getAttribute('data-from')) ?? '', to: (await live.getAttribute('data-to')) ?? '' };
    expect(Date.parse(window.to) - Date.parse(window.from)).toBe(15 * 60_000);
    expect(digits(await live.textContent())).toBe(playsBetween(events, window.from, window.to));
    expect(await page.getByTestId('live-newest').textContent()).toMatch(/^Newest event \d+ (s|min|h) ago$/);

    await screenshots(page, 'overview-en');
    await page.context().close();
  });

  it('compares with the previous period only as far as it was recorded', async () => {
    // The events start 13 days ago: the 7 days before the last 7 are all recorded, the 28 days
    // before the last 28 not at all, and their zeros must not read as growth.
    const page = await newPage();
    await page.goto(`${dashboardUrl}/en`);
    await settled(page);
    expect(await page.getByTestId('kpi-coverage').count()).toBe(0);
    expect(await page.getByTestId('kpi-delta-streams').getAttribute('data-coverage')).toBe('full');
    expect(await page.getByTestId('kpi-delta-streams').textContent()).toMatch(/^[▲▼■] /);
    // The last 7 days end today, which is not over: the 7 before are counted up to the same time of day.
    const comparedTo = page.getByTestId('kpi-compared-to');
    expect(await comparedTo.getAttribute('data-in-progress')).toBe('same-time');
    const sameTime = /^compared with (\d+ \w+ \d{4}) – (\d+ \w+ \d{4}), counted until \2, (\d{2}:\d{2}) UTC: the time of day today’s data has reached$/.exec((await comparedTo.textContent()) ?? '');
    expect(sameTime?.[2]).toBe(formatDay(utcDay(Date.now() - 7 * DAY_MS), 'en-GB'));
    expect(await page.getByTestId('kpi-in-progress').count()).toBe(0);

    await page.goto(`${dashboardUrl}/en?range=28d`);
    await settled(page);
    const start = formatDay(utcDay(Date.now() - 13 * DAY_MS), 'en-GB');
    expect(await page.getByTestId('kpi-coverage').textContent()).toBe(`Recorded data starts on ${start}: nothing was recorded in the previous period, so there is no change to show.`);
    for (const id of ['streams', 'listeners', 'skipRate']) expect(await page.getByTestId(`kpi-delta-${id}`).textContent()).toBe('no comparable previous period');
    expect(await page.getByTestId('rate-delta-likeRate').textContent()).toBe('no comparable previous period');
    await page.context().close();
  });

  it('lists the trending artists of the newest whole days, as the API ranks them', async () => {
    const page = await newPage();
    await page.goto(`${dashboardUrl}/en`);
    await settled(page);
    // Today is not over: the widget's windows end yesterday.
    const yesterday = utcDay(Date.now() - DAY_MS);
    const trending = (await (await fetch(`${apiUrl}/v1/trending?day=${yesterday}&limit=10`)).json()) as { artists: { artist_id: string }[]; previous_days_covered: number };
    expect(trending.artists.length).toBeGreaterThan(1);
    expect(await page.getByTestId('trending-window').getAttribute('data-day')).toBe(yesterday);
    expect(await page.getByTestId('trending-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-artist-id')))).toEqual(trending.artists.map((a) => a.artist_id));
    // The events start 13 days ago: 6 of the 7 days before yesterday's window were recorded.
    expect(trending.previous_days_covered).toBe(6);
    expect(await page.getByTestId('trending-coverage').textContent()).toBe('Only 6 of the 7 days before were recorded: every artist looks like it grows.');
    expect(await page.getByTestId('widget-trending').textContent()).toContain('No effect here');
    await page.context().close();
  });

  it('applies a country filter from the keyboard: the numbers and the URL change', async () => {
    const page = await newPage();
    await page.goto(`${dashboardUrl}/en`);
    await settled(page);
    const period = page.getByTestId('period');
    const days = { from: (await period.getAttribute('data-from')) ?? '', to: (await period.getAttribute('data-to')) ?? '' };
    const country = secondCountry(events, days);
    const everywhere = streams(events, days);
    const there = streams(events, days, (e) => e.country === country);
    expect(there).toBeLessThan(everywhere);

    await page.locator('#filter-country').focus();
    await page.locator('#filter-country').selectOption(country);
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.getAttribute('type'))) !== 'submit'; i++) await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('country') === country), page.keyboard.press('Enter')]);
    await settled(page);

    expect(new URL(page.url()).searchParams.get('country')).toBe(country);
    expect(await page.getByTestId('kpi-value-streams').textContent()).toBe(format(there, 'en-GB'));
    expect(Number(await page.getByTestId('timeseries-summary').getAttribute('data-streams'))).toBe(there);
    expect(await page.getByTestId(`country-${country}`).getAttribute('class')).toBe('highlighted');
    expect(await page.getByTestId('widget-top-artists').textContent()).toContain('No effect here: country.');
    expect(await page.getByTestId('kpi-delta-likes').textContent()).toBe('not available by country');
    // Gold keeps countries by whole day: against today in progress the change is shown, untoned, with why.
    expect(await page.getByTestId('kpi-compared-to').getAttribute('data-in-progress')).toBe('whole-days');
    expect(await page.getByTestId('kpi-in-progress').textContent()).toBe(
      'Today is not over, but gold keeps figures per country by whole days only: the previous period is counted whole, so these changes lean low.',
    );
    expect(await page.getByTestId('kpi-delta-streams').getAttribute('class')).toMatch(/tone-(flat|none)/);

    await screenshots(page, 'overview-en-country');
    await page.context().close();
  });

  it('formats the same numbers the French and the English way, and switches language keeping the filters', async () => {
    const page = await newPage();
    await page.goto(`${dashboardUrl}/fr?range=28d`);
    await settled(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const period = page.getByTestId('period');
    const days = { from: (await period.getAttribute('data-from')) ?? '', to: (await period.getAttribute('data-to')) ?? '' };
    const expected = streams(events, days);
    expect(expected).toBeGreaterThan(1000);
    const french = await page.getByTestId('kpi-value-streams').textContent();
    expect(french).toBe(format(expected, 'fr-FR'));
    expect(await page.getByTestId('freshness').textContent()).toMatch(/^Données au /);
    await screenshots(page, 'overview-fr');

    await Promise.all([page.waitForURL(/\/en\?range=28d$/), page.getByTestId('locale-switch').click()]);
    await settled(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const english = await page.getByTestId('kpi-value-streams').textContent();
    expect(english).toBe(format(expected, 'en-GB'));
    expect(english).not.toBe(french);
    expect(digits(english)).toBe(digits(french));
    await page.context().close();
  });

  it('shows every lake table at its current version on the pipeline page', async () => {
    const page = await newPage();
    await page.goto(`${dashboardUrl}/fr/pipeline`);
    await settled(page);
    const rows = page.getByTestId('pipeline-table-row');
    expect(await rows.count()).toBe(16);
    for (const row of await rows.all()) {
      const name = (await row.getAttribute('data-table')) ?? '';
      const location = (await row.locator('.table-location').textContent()) ?? '';
      const version = deltaVersion(fileURLToPath(location));
      const shown = await row.getByTestId(`pipeline-version-${name}`).textContent();
      expect({ name, shown }).toEqual({ name, shown: version === null ? 'pas encore créée' : format(version, 'fr-FR') });
    }
    const bronze = page.locator('[data-table="bronze_listening_events"] td').last();
    expect(digits(await bronze.textContent())).toBe(events.length);
    // The ingest stopped after committing every produced event: bronze's txns reach Kafka's end offsets.
    expect(await page.getByTestId('consumer-lag-unavailable').allTextContents()).toEqual([]);
    expect(await page.getByTestId('consumer-lag-total').getAttribute('data-value')).toBe('0');
    expect(await page.getByTestId('consumer-lag-partition').count()).toBe(6);
    // Gold's freshness is to the minute (activity_per_minute), like bronze's and silver's to the event.
    expect(await page.getByTestId('freshness-gold').textContent()).toMatch(/Événement le plus récent\u00a0: \d+ \S+ \d{4}, \d{2}:\d{2} UTC \(à la minute près\)/);
    // The quarantine says how many records were rejected and why, as the API groups them.
    expect(digits(await page.getByTestId('quarantine-rows').textContent())).toBe(malformed);
    const pipeline = (await (await fetch(`${apiUrl}/v1/pipeline`)).json()) as { quarantine: { reasons: { path: string; rows: number }[] } };
    const reasons = page.getByTestId('quarantine-reason');
    const shown = await Promise.all((await reasons.all()).map(async (row) => ({ path: (await row.getAttribute('data-path')) ?? '', rows: Number(await row.getAttribute('data-rows')) })));
    expect(shown.length).toBeGreaterThan(1);
    expect(shown).toEqual(pipeline.quarantine.reasons.map(({ path, rows }) => ({ path, rows })));
    expect(shown.reduce((sum, reason) => sum + reason.rows, 0)).toBeLessThanOrEqual(malformed);
    // Not JSON, too deep, too large…: faults of the record as a whole have no field to name.
    expect(shown.map((reason) => reason.path)).toContain('');
    expect(new Set(await page.locator('[data-testid="quarantine-reason"][data-path=""] th').allTextContents())).toEqual(new Set(['(l’enregistrement)']));
    await screenshots(page, 'pipeline-fr');
    await page.goto(`${dashboardUrl}/en/pipeline`);
    await settled(page);
    await screenshots(page, 'pipeline-en');
    await page.context().close();
  });

  it('sends / to /fr and /pipeline to /fr/pipeline, serves the live window it is asked, and refuses a bad one', async () => {
    const root = await fetch(`${dashboardUrl}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([307, '/fr']);
    const pipeline = await fetch(`${dashboardUrl}/pipeline`, { redirect: 'manual' });
    expect([pipeline.status, pipeline.headers.get('location')]).toEqual([307, '/fr/pipeline']);
    const live = await fetch(`${dashboardUrl}/api/live?minutes=3`);
    const body = (await live.json()) as { minutes: number; series: unknown[]; table_version: number };
    expect([live.status, body.minutes, body.series.length, body.table_version]).toEqual([200, 3, 3, deltaVersion(join(lakeDir, 'bronze', 'listening_events'))]);
    const bad = await fetch(`${dashboardUrl}/api/live?minutes=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('expected an integer from 1 to 60');
  });

  it('keeps the page standing when the API fails: each widget shows its own error', async () => {
    await stopProgram(api);
    const page = await newPage();
    const response = await page.goto(`${dashboardUrl}/en`);
    expect(response?.status()).toBe(200);
    await settled(page);
    for (const widget of ['kpis', 'timeseries', 'rates', 'top-artists', 'top-tracks', 'genres', 'countries', 'platforms', 'devices']) {
      expect({ widget, error: await page.getByTestId(`widget-${widget}`).getByTestId('state-error').count() }).toEqual({ widget, error: 1 });
    }
    await page.getByTestId('live-error').waitFor();
    expect(await page.getByRole('navigation').count()).toBe(1);
    await page.context().close();
  });
});
