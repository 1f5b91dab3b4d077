import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEndpoint, ServiceUnavailableError, type EndpointSources } from './service-endpoints';

function workspace(endpoints?: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ts-support-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  if (endpoints) {
    mkdirSync(join(root, '.run'));
    writeFileSync(join(root, '.run', 'endpoints.json'), JSON.stringify(endpoints));
  }
  const nested = join(root, 'libs', 'x');
  mkdirSync(nested, { recursive: true });
  return nested;
}

function sources(overrides: Partial<EndpointSources>): EndpointSources {
  return {
    env: {},
    cwd: workspace(),
    dockerAvailable: async () => false,
    startWithDocker: async () => {
      throw new Error('docker must not be used');
    },
    ...overrides,
  };
}

describe('resolveEndpoint', () => {
  it('prefers the environment', async () => {
    const endpoint = await resolveEndpoint(
      'kafka',
      sources({ env: { KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2' }, cwd: workspace({ KAFKA_BROKERS: 'file:9' }) }),
    );
    expect(endpoint).toEqual({ brokers: ['127.0.0.1:1', '127.0.0.1:2'] });
  });

  it('falls back to .run/endpoints.json found from a nested directory', async () => {
    const endpoint = await resolveEndpoint(
      'hdfs',
      sources({ cwd: workspace({ HDFS_URL: 'hdfs://127.0.0.1:19820', WEBHDFS_URL: 'http://127.0.0.1:19870' }) }),
    );
    expect(endpoint).toEqual({ hdfsUrl: 'hdfs://127.0.0.1:19820', webhdfsUrl: 'http://127.0.0.1:19870', user: 'music' });
  });

  it('starts the service with Docker when an engine is reachable', async () => {
    const started: string[] = [];
    const endpoint = await resolveEndpoint(
      'minio',
      sources({
        dockerAvailable: async () => true,
        startWithDocker: async (service) => {
          started.push(service);
          return { S3_ENDPOINT: 'http://127.0.0.1:9', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_BUCKET: 'lake' };
        },
      }),
    );
    expect(started).toEqual(['minio']);
    expect(endpoint).toMatchObject({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'lake' });
  });

  it('fails clearly, naming the start command, when nothing provides the service', async () => {
    const attempt = resolveEndpoint('minio', sources({}));
    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(resolveEndpoint('minio', sources({}))).rejects.toThrow('npm run infra:up -- minio');
  });

  it('rejects a half-configured environment instead of guessing', async () => {
    await expect(resolveEndpoint('minio', sources({ env: { S3_ENDPOINT: 'http://127.0.0.1:9' } }))).rejects.toThrow(
      /minio endpoint variables are invalid: S3_ACCESS_KEY_ID/,
    );
  });
});
