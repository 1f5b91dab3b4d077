import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPortFree } from './ports';
import type { ServiceContext, ServiceDefinition, ServiceName } from './service';
import { waitUntil } from './wait-until';

export type UpResult = 'started' | 'already-running';

export class PortTakenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortTakenError';
  }
}

async function assertPortsFree(service: ServiceDefinition, ctx: ServiceContext): Promise<void> {
  for (const managed of service.ports(ctx.config)) {
    if (!(await isPortFree(managed.port))) {
      throw new PortTakenError(
        `Port ${managed.port} (${managed.role}) on 127.0.0.1 is already in use by another process, so ${service.title} cannot start. ` +
          `Stop that process, or choose another port with ${String(managed.variable)}=<port>.`,
      );
    }
  }
}

/** Provisions and starts one service, waiting until it is really ready. Idempotent. */
export async function startService(service: ServiceDefinition, ctx: ServiceContext): Promise<UpResult> {
  const processes = await service.processes(ctx);
  const running = processes.filter((p) => ctx.supervisor.state(p.spec.id).state === 'running');
  if (running.length === processes.length && (await service.isHealthy(ctx))) return 'already-running';
  if (running.length === 0) await assertPortsFree(service, ctx);

  await service.provision(ctx);
  await service.prepare?.(ctx);
  for (const proc of await service.processes(ctx)) {
    const id = proc.spec.id;
    if (ctx.supervisor.state(id).state !== 'running') {
      const record = ctx.supervisor.start(proc.spec);
      ctx.log.info({ process: id, pid: record.pid, log: record.logFile }, `starting ${id}`);
    }
    const ms = await waitUntil(proc.ready, {
      what: `${id} to be ready`,
      timeoutMs: proc.readyTimeoutMs,
      intervalMs: 300,
      abortIf: () =>
        ctx.supervisor.state(id).state === 'running'
          ? undefined
          : `the process exited during start-up. Last lines of ${ctx.supervisor.logFile(id)}:\n${ctx.supervisor.tail(id)}`,
    });
    ctx.log.info({ process: id, readyAfterMs: ms }, `${id} ready`);
  }
  await service.afterReady?.(ctx);
  return 'started';
}

/** Stops a service's processes in reverse start order. */
export async function stopService(service: ServiceDefinition, ctx: ServiceContext): Promise<void> {
  const processes = await service.processes(ctx);
  for (const proc of [...processes].reverse()) {
    const outcome = await ctx.supervisor.stop(proc.spec.id);
    if (outcome !== 'not-running') ctx.log.info({ process: proc.spec.id, outcome }, `${proc.spec.id} ${outcome}`);
  }
}

export interface ServiceStatus {
  name: ServiceName;
  processes: { id: string; pid: number | null }[];
  healthy: boolean;
}

export async function serviceStatus(service: ServiceDefinition, ctx: ServiceContext): Promise<ServiceStatus> {
  const processes = (await service.processes(ctx)).map((p) => {
    const state = ctx.supervisor.state(p.spec.id);
    return { id: p.spec.id, pid: state.state === 'running' ? state.record.pid : null };
  });
  const anyRunning = processes.some((p) => p.pid !== null);
  const healthy = anyRunning ? await service.isHealthy(ctx).catch(() => false) : false;
  return { name: service.name, processes, healthy };
}

/**
 * `.run/endpoints.json` lists the endpoints of running services, so a developer can run one
 * project's integration tests after `npm run infra:up` without exporting anything.
 */
export function writeEndpointsFile(runDir: string, endpoints: Record<string, string>): string {
  mkdirSync(runDir, { recursive: true });
  const file = join(runDir, 'endpoints.json');
  if (Object.keys(endpoints).length === 0) rmSync(file, { force: true });
  else writeFileSync(file, JSON.stringify(endpoints, null, 2) + '\n');
  return file;
}
