import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RangePreset } from '@music/metrics-contract';
import type { BenchContext } from './benchmark';

/**
 * The dashboard's overview page as a user gets it: `next start` (apps/dashboard) over the bench's
 * API, its server render timed from the request to the last byte of the streamed HTML (every
 * widget's Suspense boundary resolved), one request at a time.
 */

const PLATFORMS = ['web', 'ios', 'android', 'desktop'] as const;

async function run(command: string, args: string[], cwd: string, env: BenchContext['env']): Promise<void> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with code ${code}`);
}

/** Builds the dashboard through Nx (a no-op when its cached build is current) and starts it reading `apiBase`. */
export async function startDashboard(ctx: BenchContext, apiBase: string, port: number): Promise<{ child: ChildProcess; base: string }> {
  ctx.log.info('building the dashboard (nx cache: quick when current)');
  await run('npx', ['nx', 'run', 'dashboard:build', '--outputStyle=static'], ctx.root, ctx.env);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ctx.root, 'apps', 'dashboard', 'src', 'main.ts')], {
    cwd: ctx.root,
    env: { ...ctx.env, LOG_LEVEL: 'warn', API_URL: apiBase, DASHBOARD_HOST: '127.0.0.1', DASHBOARD_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${base}/icon.svg`).then((r) => r.ok).catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`api bench: the dashboard exited with code ${child.exitCode} before serving`);
    if (Date.now() > deadline) throw new Error('api bench: the dashboard did not serve within 60 s');
    await new Promise((r) => setTimeout(r, 300));
  }
  return { child, base };
}

/** Milliseconds from sending the request to the last byte of a 200 answer. */
export async function timeToLastByte(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  const body = await response.text();
  if (!response.ok) throw new Error(`api bench: ${url} answered ${response.status}`);
  // A widget whose API call failed renders its error state: the page is then not the one measured.
  if (body.includes('data-testid="state-error"')) throw new Error(`api bench: ${url} rendered a widget error`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Times `paths` one after the other (after `warmUp` untimed requests of the first). */
export async function timePages(base: string, paths: readonly string[], warmUp = 0): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await timeToLastByte(`${base}${paths[0] ?? '/'}`);
  const times: number[] = [];
  for (const path of paths) times.push(await timeToLastByte(`${base}${path}`));
  return times;
}

/**
 * Overview pages never asked before: each of `ranges` crossed with each country, genre and
 * platform filter, none repeated. The `n` first ones.
 */
export function uncachedOverviewPaths(ranges: readonly RangePreset[], countries: readonly string[], genres: readonly string[], n: number): string[] {
  const filters = [...countries.map((c) => `country=${encodeURIComponent(c)}`), ...genres.map((g) => `genre=${encodeURIComponent(g)}`), ...PLATFORMS.map((p) => `platform=${p}`)];
  const paths: string[] = [];
  for (const filter of filters) {
    for (const range of ranges) {
      if (paths.length === n) return paths;
      paths.push(`/en?range=${range}&${filter}`);
    }
  }
  if (paths.length < n) throw new Error(`api bench: only ${paths.length} distinct uncached overview pages, ${n} wanted`);
  return paths;
}
