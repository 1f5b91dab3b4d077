import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { endpointFromVariables, type EndpointFor, type Env, type ServiceName } from './endpoints';

const START_COMMAND: Record<ServiceName, string> = {
  kafka: 'npm run infra:up -- kafka',
  minio: 'npm run infra:up -- minio',
  hdfs: 'npm run infra:up -- hdfs',
};

export class ServiceUnavailableError extends Error {
  constructor(service: ServiceName, detail: string) {
    super(
      `${service} is not available to this test: ${detail}. Start it with \`${START_COMMAND[service]}\` ` +
        '(its endpoints are then found in .run/endpoints.json), or run the whole suite with `npm test`, which starts every service itself.',
    );
    this.name = 'ServiceUnavailableError';
  }
}

/** Where a service's endpoint comes from, in order. Injected so the order is testable. */
export interface EndpointSources {
  env: Env;
  /** Directory to search upwards from for the workspace's `.run/endpoints.json`. */
  cwd: string;
  dockerAvailable: () => Promise<boolean>;
  startWithDocker: (service: ServiceName) => Promise<Env>;
}

function findWorkspaceRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readEndpointsFile(cwd: string): Env {
  const root = findWorkspaceRoot(cwd);
  const file = root && join(root, '.run', 'endpoints.json');
  if (!file || !existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Env) : {};
  } catch {
    return {};
  }
}

/**
 * The endpoint of a real service for an integration test: from the environment when set
 * (what `npm test` does), else from `.run/endpoints.json` (after `npm run infra:up`), else
 * started with Docker through testcontainers when an engine is reachable, else a clear error
 * naming the command that starts it. Never a silent skip.
 */
export async function resolveEndpoint<S extends ServiceName>(service: S, sources: EndpointSources): Promise<EndpointFor[S]> {
  const fromEnv = endpointFromVariables(service, sources.env);
  if (fromEnv) return fromEnv;
  const fromFile = endpointFromVariables(service, readEndpointsFile(sources.cwd));
  if (fromFile) return fromFile;
  if (await sources.dockerAvailable()) {
    const started = endpointFromVariables(service, await sources.startWithDocker(service));
    if (started) return started;
    throw new ServiceUnavailableError(service, 'Docker is reachable but the container did not report its endpoint');
  }
  throw new ServiceUnavailableError(service, 'no endpoint variables are set, .run/endpoints.json does not list it, and no Docker engine is reachable');
}
