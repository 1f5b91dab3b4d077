import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DOCKER_COMPOSE_ENDPOINTS } from '@music/test-support';
import { WORKSPACE_ROOT } from './workspace-projects';

interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: string[];
  healthcheck?: { test: unknown };
  environment?: Record<string, unknown>;
  depends_on?: unknown;
}

// There is no Docker engine on CI machines, so the compose file is checked statically.
const compose = parse(readFileSync(join(WORKSPACE_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;

/** Host ports a service publishes on loopback, from `127.0.0.1:HOST:CONTAINER` entries. */
function publishedPorts(name: string): number[] {
  return (services[name]?.ports ?? []).map((entry) => {
    const match = /^127\.0\.0\.1:(\d+):\d+$/.exec(entry);
    if (!match) throw new Error(`${name} publishes ${entry}; expected 127.0.0.1:HOST:CONTAINER (loopback only)`);
    return Number(match[1]);
  });
}

const portOf = (address: string) => Number(/:(\d+)(?:\/|$)/.exec(address)?.[1]);

describe('docker-compose.yml', () => {
  it.each(['kafka', 'minio', 'minio-init', 'namenode', 'datanode'])('defines %s with a pinned image', (name) => {
    const image = services[name]?.image ?? '';
    expect(image).toMatch(/^[\w./-]+:[\w.-]+$/);
    expect(image).not.toMatch(/:latest$/);
  });

  it.each(['kafka', 'minio', 'namenode'])('gives %s a health check', (name) => {
    expect(services[name]?.healthcheck?.test).toBeDefined();
  });

  it.each([
    ['kafka', 'kafka', DOCKER_COMPOSE_ENDPOINTS.kafka['KAFKA_BROKERS']],
    ['minio', 'minio', DOCKER_COMPOSE_ENDPOINTS.minio['S3_ENDPOINT']],
    ['hdfs RPC', 'namenode', DOCKER_COMPOSE_ENDPOINTS.hdfs['HDFS_URL']],
    ['WebHDFS', 'namenode', DOCKER_COMPOSE_ENDPOINTS.hdfs['WEBHDFS_URL']],
  ])('publishes the %s endpoint the code expects on the host', (_what, service, address) => {
    expect(publishedPorts(service)).toContain(portOf(String(address)));
  });

  it('lets WebHDFS redirects reach the datanode from the host', () => {
    const env = services['datanode']?.environment ?? {};
    expect(env['HDFS-SITE.XML_dfs.datanode.hostname']).toBe('127.0.0.1');
    expect(publishedPorts('datanode')).toContain(portOf(String(env['HDFS-SITE.XML_dfs.datanode.http.address'])));
  });

  it('uses the MinIO credentials and bucket the tests expect by default', () => {
    const env = services['minio']?.environment ?? {};
    expect(String(env['MINIO_ROOT_USER'])).toContain(`:-${DOCKER_COMPOSE_ENDPOINTS.minio['S3_ACCESS_KEY_ID']}}`);
    expect(String(env['MINIO_ROOT_PASSWORD'])).toContain(`:-${DOCKER_COMPOSE_ENDPOINTS.minio['S3_SECRET_ACCESS_KEY']}}`);
    expect(String(services['minio-init']?.environment?.['BUCKET'])).toContain(`:-${DOCKER_COMPOSE_ENDPOINTS.minio['S3_BUCKET']}}`);
  });

  it('never publishes a port twice', () => {
    const all = Object.keys(services).flatMap(publishedPorts);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('docker-compose.yml apps', () => {
  it.each(['producer', 'streaming-ingest', 'batch-metrics', 'api', 'dashboard'])('builds %s from its own multi-stage Dockerfile', (name) => {
    const build = services[name]?.build as { context?: string; dockerfile?: string } | undefined;
    expect(build?.dockerfile).toBe(`apps/${name}/Dockerfile`);
    const dockerfile = readFileSync(join(WORKSPACE_ROOT, build?.dockerfile ?? ''), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toContain(`apps/${name}/src/main.ts`);
  });

  it('reaches Kafka on its in-network listener and shares one lake volume', () => {
    for (const name of ['producer', 'streaming-ingest', 'api']) expect(services[name]?.environment?.['KAFKA_BROKERS']).toBe('kafka:29092');
    for (const name of ['streaming-ingest', 'batch-metrics', 'api']) expect(services[name]?.environment?.['LAKE_URI']).toBe('file:///lake');
    expect(String(services['kafka']?.environment?.['KAFKA_ADVERTISED_LISTENERS'])).toContain('INTERNAL://kafka:29092');
  });

  it('gives the long-running HTTP apps a health check', () => {
    for (const name of ['streaming-ingest', 'api', 'dashboard']) expect(services[name]?.healthcheck?.test).toBeDefined();
  });

  it('points the dashboard at the API inside the network', () => {
    expect(services['dashboard']?.environment?.['API_URL']).toBe('http://api:3001');
  });
});
