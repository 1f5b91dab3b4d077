import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_COMPOSE_ENDPOINTS, type Env, type ServiceName } from './endpoints';

/** Compose services per infra service; docker-compose.yml publishes the same loopback ports as infra/. */
const COMPOSE_SERVICES: Record<ServiceName, string[]> = {
  kafka: ['kafka'],
  minio: ['minio', 'minio-init'],
  hdfs: ['namenode', 'datanode'],
};


export async function dockerAvailable(env: Env): Promise<boolean> {
  if (!env['DOCKER_HOST'] && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** Starts the service from the workspace's docker-compose.yml through testcontainers. */
export async function startWithDocker(service: ServiceName, workspaceRoot: string): Promise<Env> {
  const { DockerComposeEnvironment, Wait } = await import('testcontainers');
  if (!existsSync(join(workspaceRoot, 'docker-compose.yml'))) throw new Error(`no docker-compose.yml in ${workspaceRoot}`);
  await new DockerComposeEnvironment(workspaceRoot, 'docker-compose.yml')
    .withProjectName('music-tests')
    .withWaitStrategy(COMPOSE_SERVICES[service][0] ?? service, Wait.forHealthCheck())
    .up(COMPOSE_SERVICES[service]);
  return DOCKER_COMPOSE_ENDPOINTS[service];
}
