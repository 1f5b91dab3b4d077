import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '@music/logger';
import { z } from 'zod';
import { ChildProcesses, tailOf, type ChildExit } from './child-processes';
import type { DemoOptions } from './demo-args';
import { historyPace, planDemo, servicesFor, type DemoPaths } from './demo-plan';
import { DemoStateFile } from './demo-state';
import { fetchPipeline, progressLine, silverRows, type PipelineSnapshot } from './pipeline-progress';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const STOP_GRACE_MS = 15_000;
const READY_TIMEOUT_MS = 15 * 60_000;
const PROGRESS_EVERY_MS = 10_000;

/** Which endpoint variable tells that a service is up. */
const SERVICE_MARKER: Readonly<Record<string, string>> = { kafka: 'KAFKA_BROKERS', minio: 'S3_ENDPOINT', hdfs: 'WEBHDFS_URL' };
/** Endpoint variables a user may set to run the demo on services of their own. */
const ENDPOINT_VARIABLES = ['KAFKA_BROKERS', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_BUCKET', 'HDFS_URL', 'WEBHDFS_URL', 'HDFS_USER'] as const;

/**
 * Endpoints of the services: those of the environment (services the user runs), then those
 * `npm run infra -- env` prints (services infra/ runs).
 */
async function knownEndpoints(ctx: DemoContext): Promise<Record<string, string>> {
  const provided = Object.fromEntries(ENDPOINT_VARIABLES.flatMap((name) => (ctx.env[name] ? [[name, ctx.env[name]]] : [])));
  return { ...(await infraEnv(ctx)), ...provided };
}

export interface DemoContext {
  paths: DemoPaths;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
  /** Where the banner with the dashboard URL is printed (stdout: a user or a test reads it). */
  print: (line: string) => void;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM). */
  stopRequested: Promise<string>;
}

const summarySchema = z.object({ records: z.number().int().min(0), events: z.object({ total: z.number().int().min(0) }), complete: z.boolean() });

async function infraEnv(ctx: DemoContext): Promise<Record<string, string>> {
  const { stdout } = await run(ctx.paths.tsx, [join(ctx.paths.root, 'infra/src/main.ts'), 'env'], { cwd: ctx.paths.root, env: ctx.env });
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

/** The newest modification time under the dashboard's sources (a build older than that is stale). */
function newestSourceMtime(dirs: readonly string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.next' || entry.name.startsWith('test-output')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

export function dashboardBuildIsCurrent(root: string): boolean {
  const buildId = join(root, 'apps/dashboard/.next/BUILD_ID');
  if (!existsSync(buildId)) return false;
  return statSync(buildId).mtimeMs >= newestSourceMtime([join(root, 'apps/dashboard'), join(root, 'libs/metrics-contract/src')]);
}

async function waitForHttp(url: string, until: Promise<unknown>): Promise<void> {
  let stopped = false;
  void until.then(() => (stopped = true));
  while (!stopped) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
}

/**
 * Runs the whole pipeline until Ctrl-C, `--duration`, or a program dying unexpectedly; stops
 * everything it started either way. Returns the exit code.
 */
export async function runDemo(options: DemoOptions, ctx: DemoContext): Promise<number> {
  const { log, paths } = ctx;
  const started = Date.now();
  const stateFile = new DemoStateFile(paths.demoDir);
  const { state, created } = stateFile.openOrCreate(options.fresh, new Date());
  log.info({ storage: options.storage, id: state.id, topic: state.topic, dir: paths.demoDir }, created ? 'new demo: empty lake, new topic' : 'resuming the previous demo (use --fresh to start over)');

  const children = new ChildProcesses();
  const services = servicesFor(options.storage);
  const before = await knownEndpoints(ctx);
  const ourServices = services.filter((s) => !before[SERVICE_MARKER[s] ?? '']);
  let outcome: { code: number; reason: string } = { code: 0, reason: 'stopped' };
  // The first reason to stop wins; `stopReason` is read synchronously by the loops below.
  let stopReason: { code: number; reason: string } | null = null;
  let resolveStopped: (reason: { code: number; reason: string }) => void = () => undefined;
  const stopped = new Promise<{ code: number; reason: string }>((resolve) => (resolveStopped = resolve));
  const stop = (reason: { code: number; reason: string }) => {
    if (stopReason) return;
    stopReason = reason;
    resolveStopped(reason);
  };
  void ctx.stopRequested.then((signal) => stop({ code: 0, reason: `${signal} received` }));
  if (options.durationMs !== undefined) {
    const timer = setTimeout(() => stop({ code: 0, reason: `--duration reached` }), options.durationMs);
    timer.unref();
  }

  try {
    const external = services.filter((s) => !ourServices.includes(s));
    if (external.length > 0) log.info({ services: external }, 'using services already running (their endpoints are in the environment or .run/)');
    if (ourServices.length > 0) {
      log.info({ services: ourServices }, 'starting services (the first run downloads jars and builds what is missing)');
      await children.run({
        name: 'infra-up',
        command: paths.tsx,
        args: [join(paths.root, 'infra/src/main.ts'), 'up', ...ourServices],
        env: ctx.env,
        cwd: paths.root,
        logFile: join(paths.demoDir, 'logs', 'infra-up.log'),
      });
    }
    const endpoints = await knownEndpoints(ctx);
    const now = new Date();
    const backfill = state.backfill === null ? { from: new Date(now.getTime() - options.days * 86_400_000), to: now } : null;
    const plan = planDemo({ options, state, paths, baseEnv: ctx.env, endpoints, backfill });

    const build = dashboardBuildIsCurrent(paths.root)
      ? Promise.resolve()
      : (log.info('building the dashboard (next build, about a minute)'), children.run(plan.dashboardBuild));
    build.catch(() => undefined);

    const [ingest, batch, api, dashboard] = plan.services;
    if (!ingest || !batch || !api || !dashboard) throw new Error('demo plan is missing a program');
    children.start(ingest);
    let expectedSilver = state.backfill?.events ?? 0;
    if (plan.backfill && backfill) {
      log.info({ from: backfill.from.toISOString(), to: backfill.to.toISOString(), users: options.users }, `backfilling ${options.days} days of history`);
      await Promise.race([children.run(plan.backfill), stopped.then(() => Promise.reject(new Error('stopped during the backfill')))]);
      const summary = summarySchema.safeParse(JSON.parse(readFileSync(join(paths.demoDir, 'backfill-summary.json'), 'utf8')));
      if (!summary.success || !summary.data.complete) throw new Error(`the backfill did not complete; see ${plan.backfill.logFile}`);
      // Malformed records go to the quarantine, not to silver.
      expectedSilver = summary.data.events.total;
      state.backfill = { from: backfill.from.toISOString(), to: backfill.to.toISOString(), events: expectedSilver };
      stateFile.save(state);
      log.info({ events: expectedSilver, malformed: summary.data.records - expectedSilver }, 'backfill delivered to Kafka');
    }
    if (!state.backfill) throw new Error('the demo has no backfilled history to continue');
    const liveRate = options.rate ?? historyPace(state.backfill);
    log.info({ eventsPerSecond: liveRate }, options.rate === undefined ? 'live events at the pace of the backfilled history (--rate to change it)' : 'live events at --rate');
    children.start(plan.liveProducer(liveRate));
    children.start(batch);
    children.start(api);
    void children.firstUnexpectedExit().then((exit) => stop(unexpected(exit)));
    await Promise.race([build, stopped]);
    if (stopReason) return await shutdown();
    children.start(dashboard);
    void children.firstUnexpectedExit().then((exit) => stop(unexpected(exit)));

    await Promise.race([waitForHttp(`${plan.urls.api}/healthz`, stopped), stopped]);
    await Promise.race([waitForHttp(plan.urls.dashboard, stopped), stopped]);
    let lastProgress = 0;
    let ready = false;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!stopReason) {
      const snapshot = await fetchPipeline(plan.urls.api).catch((error: unknown) => {
        log.warn({ err: error }, 'pipeline status not available yet');
        return null;
      });
      if (!ready && snapshot && isReady(snapshot, expectedSilver)) {
        ready = true;
        ctx.print(banner(plan.urls, plan.collectorKey, Date.now() - started, paths.demoDir));
      } else if (!ready && Date.now() > deadline) {
        stop({ code: 1, reason: `no gold numbers after ${READY_TIMEOUT_MS / 60_000} min; see the logs in ${join(paths.demoDir, 'logs')}` });
      }
      if (snapshot && Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        log.info(progressLine(snapshot));
      }
      await Promise.race([sleep(ready ? 2000 : 1000), stopped]);
    }
    return await shutdown();
  } catch (error) {
    outcome = { code: 1, reason: error instanceof Error ? error.message : String(error) };
    return await shutdown();
  }

  async function shutdown(): Promise<number> {
    if (stopReason) outcome = stopReason;
    log.info({ reason: outcome.reason }, 'stopping the demo');
    const exits = await children.stopAll(STOP_GRACE_MS, (name) => log.info(`stopping ${name}`));
    const unclean = exits.filter((e) => e.signal === 'SIGKILL');
    if (unclean.length > 0) log.warn({ programs: unclean.map((e) => e.name) }, 'had to be killed');
    if (ourServices.length > 0) {
      log.info({ services: ourServices }, 'stopping the services this demo started');
      await run(paths.tsx, [join(paths.root, 'infra/src/main.ts'), 'down', ...ourServices], { cwd: paths.root, env: ctx.env }).catch((error: unknown) =>
        log.error({ err: error }, 'infra down failed; run `npm run infra:down`'),
      );
    }
    if (outcome.code !== 0) log.error(outcome.reason);
    else log.info('demo stopped; everything it started has exited (the lake and topic stay for the next run)');
    return outcome.code;
  }
}

function unexpected(exit: ChildExit): { code: number; reason: string } {
  return { code: 1, reason: `${exit.name} exited unexpectedly (${exit.code ?? exit.signal}); last lines of ${exit.logFile}:\n${tailOf(exit.logFile)}` };
}

/** Ready when silver holds every backfilled event and gold has been built at least once. */
export function isReady(snapshot: PipelineSnapshot, expectedSilverRows: number): boolean {
  return snapshot.last_updated !== null && silverRows(snapshot) >= expectedSilverRows;
}

function banner(urls: { dashboard: string; api: string; ingestMetrics: string }, collectorKey: string, elapsedMs: number, demoDir: string): string {
  return [
    '',
    `  Dashboard  ${urls.dashboard}/`,
    `  API        ${urls.api}/v1/kpis   (OpenAPI: ${urls.api}/openapi.json)`,
    `  Collector  POST ${urls.api}/v1/events   (header x-api-key: ${collectorKey})`,
    `  Ingest     ${urls.ingestMetrics}`,
    `  Logs       ${join(demoDir, 'logs')}/`,
    `  Ready after ${Math.round(elapsedMs / 1000)} s. Live events keep flowing; Ctrl-C stops everything.`,
    '',
  ].join('\n');
}
