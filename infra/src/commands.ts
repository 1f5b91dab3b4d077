import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SERVICE_NAMES, type ServiceContext, type ServiceName } from './service';
import { serviceStatus, startService, stopService, writeEndpointsFile } from './service-runner';
import { SERVICES } from './services';

const jestResultsSchema = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numRuntimeErrorTestSuites: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
});

async function runningEndpoints(ctx: ServiceContext): Promise<Record<string, string>> {
  const endpoints: Record<string, string> = {};
  for (const name of SERVICE_NAMES) {
    const status = await serviceStatus(SERVICES[name], ctx);
    if (status.healthy) Object.assign(endpoints, SERVICES[name].endpoints(ctx.config));
  }
  return endpoints;
}

/** Starts services in order; returns those this call started (not those already running). */
export async function up(ctx: ServiceContext, names: readonly ServiceName[]): Promise<ServiceName[]> {
  const started: ServiceName[] = [];
  try {
    for (const name of names) {
      const result = await startService(SERVICES[name], ctx);
      if (result === 'started') started.push(name);
      else ctx.log.info(`${SERVICES[name].title} already running`);
    }
  } catch (error) {
    // Leave nothing half-started behind: stop what this call started, then report.
    await down(ctx, [...started].reverse()).catch(() => undefined);
    throw error;
  } finally {
    writeEndpointsFile(ctx.paths.runDir, await runningEndpoints(ctx));
  }
  return started;
}

export async function down(ctx: ServiceContext, names: readonly ServiceName[]): Promise<void> {
  for (const name of [...names].reverse()) await stopService(SERVICES[name], ctx);
  writeEndpointsFile(ctx.paths.runDir, await runningEndpoints(ctx));
}

export async function provision(ctx: ServiceContext, names: readonly ServiceName[]): Promise<void> {
  for (const name of names) await SERVICES[name].provision(ctx);
}

/** Bytes of the files under `path` (symbolic links not followed). */
function diskUsage(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + diskUsage(join(path, name)), 0);
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A command that needs a service stopped met it running. */
export class ServiceRunningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceRunningError';
  }
}

/**
 * Deletes `.run/<service>` (data, generated settings, logs) of each service, so that the next
 * `up` starts it empty. Refuses, deleting nothing, while any of them still has a process.
 * Returns one line per service.
 */
export async function reset(ctx: ServiceContext, names: readonly ServiceName[]): Promise<string[]> {
  for (const name of names) {
    const running = (await serviceStatus(SERVICES[name], ctx)).processes.filter((p) => p.pid !== null);
    if (running.length > 0) {
      throw new ServiceRunningError(`${name} is running (${running.map((p) => `${p.id} pid ${p.pid}`).join(', ')}): stop it first with \`npm run infra:down -- ${name}\`. Nothing was deleted.`);
    }
  }
  return names.map((name) => {
    const directory = join(ctx.paths.runDir, name);
    if (!existsSync(directory)) return `${name}: nothing to delete (${directory} does not exist)`;
    const bytes = diskUsage(directory);
    rmSync(directory, { recursive: true, force: true });
    return `${name}: deleted ${directory} (${formatBytes(bytes)})`;
  });
}

export async function status(ctx: ServiceContext): Promise<string> {
  const lines: string[] = [];
  for (const name of SERVICE_NAMES) {
    const s = await serviceStatus(SERVICES[name], ctx);
    const procs = s.processes.map((p) => `${p.id}${p.pid === null ? ' (stopped)' : ` pid ${p.pid}`}`).join(', ');
    const state = s.healthy ? 'healthy' : s.processes.some((p) => p.pid !== null) ? 'UNHEALTHY' : 'stopped';
    lines.push(`${name.padEnd(6)} ${state.padEnd(10)} ${procs}`);
    if (s.healthy) {
      for (const [key, value] of Object.entries(SERVICES[name].endpoints(ctx.config))) {
        lines.push(`         ${key}=${key.includes('SECRET') ? '(see INFRA_MINIO_ROOT_PASSWORD)' : value}`);
      }
    }
  }
  return lines.join('\n');
}

export async function envLines(ctx: ServiceContext): Promise<string> {
  return Object.entries(await runningEndpoints(ctx))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

export async function logs(ctx: ServiceContext, name: ServiceName): Promise<string> {
  const procs = await SERVICES[name].processes(ctx);
  return procs
    .filter((p) => existsSync(ctx.supervisor.logFile(p.spec.id)))
    .map((p) => `==> ${ctx.supervisor.logFile(p.spec.id)} <==\n${ctx.supervisor.tail(p.spec.id, 60)}`)
    .join('\n\n');
}

/** Runs a command to completion with extra environment; resolves with its exit code. */
export function runCommand(command: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<number> {
  const [file, ...args] = command;
  if (!file) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => reject(new Error(`could not run ${command.join(' ')}`, { cause: error })));
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}

/** `with`: start what is missing, run the command with endpoints, stop only what we started. */
export async function withServices(ctx: ServiceContext, names: readonly ServiceName[], command: readonly string[]): Promise<number> {
  const started = await up(ctx, names);
  try {
    const endpoints: Record<string, string> = {};
    for (const name of names) Object.assign(endpoints, SERVICES[name].endpoints(ctx.config));
    return await runCommand(command, { ...ctx.parentEnv, ...endpoints }, ctx.paths.root);
  } finally {
    if (started.length > 0) await down(ctx, started);
  }
}

/** The README test command: static checks, then every unit and integration test on real services. */
export async function testAll(ctx: ServiceContext): Promise<number> {
  const root = ctx.paths.root;
  const nx = await runCommand(['npx', 'nx', 'run-many', '-t', 'lint', 'typecheck', '--outputStyle=static', '--parallel=2'], ctx.parentEnv, root);
  if (nx !== 0) {
    ctx.log.error('lint or typecheck failed; fix them before the tests run');
    return nx;
  }
  // Built once here, so the browser tests that start the dashboard never build it concurrently.
  const build = await runCommand(['npx', 'nx', 'run-many', '-t', 'build', '--outputStyle=static', '--parallel=1'], ctx.parentEnv, root);
  if (build !== 0) {
    ctx.log.error('build failed; the browser tests need the built dashboard');
    return build;
  }
  const resultsFile = join(ctx.paths.runDir, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  const code = await withServices(ctx, SERVICE_NAMES, ['npx', 'jest', '--ci', '--config', 'jest.config.cjs', '--json', `--outputFile=${resultsFile}`]);
  // Repeated last, after the services' shutdown logs, so the run ends on the plain summary.
  const summary = jestSummaryLine(resultsFile);
  process.stdout.write(`\n${summary ?? 'tests: 0 passed, 1 failed (jest wrote no results)'}\n`);
  return summary === undefined && code === 0 ? 1 : code;
}

function jestSummaryLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = jestResultsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return `tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
}
