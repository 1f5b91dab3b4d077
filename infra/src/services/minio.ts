import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { InfraConfig } from '../config';
import { LOOPBACK } from '../ports';
import { requireTool } from '../prerequisites';
import type { ServiceContext, ServiceDefinition } from '../service';
import { goInstall } from '../go-install';

/**
 * MinIO's last published commit (the project archived its repository in 2026); the module proxy
 * refuses its RELEASE.* tags, so the pseudo-version is pinned. See docs/decisions/0002-minio-from-source.md.
 */
export const MINIO_MODULE = 'github.com/minio/minio';
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

const binary = (ctx: ServiceContext) => join(ctx.paths.cacheDir, 'minio', MINIO_VERSION, 'minio');
const endpoint = (config: InfraConfig) => `http://${LOOPBACK}:${config.INFRA_MINIO_PORT}`;

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

function s3Client(config: InfraConfig): S3Client {
  return new S3Client({
    endpoint: endpoint(config),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: config.INFRA_MINIO_ROOT_USER, secretAccessKey: config.INFRA_MINIO_ROOT_PASSWORD },
  });
}

/** A MinIO server built from source with `go install`, on loopback, with the lake bucket created. */
export const minioService: ServiceDefinition = {
  name: 'minio',
  title: 'MinIO',

  ports: (config) => [
    { port: config.INFRA_MINIO_PORT, role: 'MinIO S3 API', variable: 'INFRA_MINIO_PORT' },
    { port: config.INFRA_MINIO_CONSOLE_PORT, role: 'MinIO console', variable: 'INFRA_MINIO_CONSOLE_PORT' },
  ],

  async provision(ctx) {
    if (existsSync(binary(ctx))) return;
    requireTool('go', 'building MinIO with go install');
    await goInstall({ module: MINIO_MODULE, version: MINIO_VERSION, binary: binary(ctx), env: ctx.parentEnv, log: ctx.log });
  },

  async prepare(ctx) {
    mkdirSync(join(ctx.paths.runDir, 'minio', 'data'), { recursive: true });
  },

  async processes(ctx) {
    const { config } = ctx;
    return [
      {
        spec: {
          id: 'minio',
          command: binary(ctx),
          args: [
            'server',
            join(ctx.paths.runDir, 'minio', 'data'),
            '--address',
            `${LOOPBACK}:${config.INFRA_MINIO_PORT}`,
            '--console-address',
            `${LOOPBACK}:${config.INFRA_MINIO_CONSOLE_PORT}`,
            '--quiet',
          ],
          env: {
            MINIO_ROOT_USER: config.INFRA_MINIO_ROOT_USER,
            MINIO_ROOT_PASSWORD: config.INFRA_MINIO_ROOT_PASSWORD,
            MINIO_UPDATE: 'off',
            MINIO_BROWSER: 'off',
          },
        },
        ready: async () =>
          (await httpOk(`${endpoint(config)}/minio/health/live`)) && (await httpOk(`${endpoint(config)}/minio/health/ready`)),
        readyTimeoutMs: 60_000,
      },
    ];
  },

  async afterReady(ctx) {
    const client = s3Client(ctx.config);
    const Bucket = ctx.config.INFRA_MINIO_BUCKET;
    try {
      await client.send(new HeadBucketCommand({ Bucket }));
    } catch {
      await client.send(new CreateBucketCommand({ Bucket }));
      ctx.log.info({ bucket: Bucket }, 'created bucket');
    } finally {
      client.destroy();
    }
  },

  isHealthy: (ctx) => httpOk(`${endpoint(ctx.config)}/minio/health/ready`),

  endpoints: (config) => ({
    S3_ENDPOINT: endpoint(config),
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: config.INFRA_MINIO_ROOT_USER,
    S3_SECRET_ACCESS_KEY: config.INFRA_MINIO_ROOT_PASSWORD,
    S3_BUCKET: config.INFRA_MINIO_BUCKET,
  }),
};
