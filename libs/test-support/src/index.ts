import { join } from 'node:path';
import type { EndpointFor, Env, ServiceName } from './endpoints';
import { dockerAvailable, startWithDocker } from './docker-services';
import { resolveEndpoint } from './service-endpoints';

export { DOCKER_COMPOSE_ENDPOINTS, ENDPOINT_VARIABLES, endpointFromVariables } from './endpoints';
export type { EndpointFor, Env, HdfsEndpoint, KafkaEndpoint, S3Endpoint, ServiceName } from './endpoints';
export { resolveEndpoint, ServiceUnavailableError, type EndpointSources } from './service-endpoints';
export { deltaReferee, type DeltaReferee, type RefereeColumnType, type RefereeSnapshot } from './delta-referee';
export { sparkReferee, sparkS3Location, type SparkPlanStep, type SparkRead, type SparkReferee, type SparkS3Access, type SparkTableRead } from './spark-referee';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/** Endpoint of a real service for an integration test; pass `process.env`. */
export function serviceEndpoint<S extends ServiceName>(service: S, env: Env): Promise<EndpointFor[S]> {
  return resolveEndpoint(service, {
    env,
    cwd: process.cwd(),
    dockerAvailable: () => dockerAvailable(env),
    startWithDocker: (name) => startWithDocker(name, WORKSPACE_ROOT),
  });
}
export { freePort } from './free-port';
export { seededRandom } from './seeded-random';
