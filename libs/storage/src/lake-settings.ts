import { resolve } from 'node:path';
import { z } from 'zod';
import type { StorageOptions } from './storage-options';
import { fileUriOf } from './store-uri';

/**
 * The environment settings every app that touches the lake shares (same names as infra/ and
 * docker-compose.yml): where the lake is, and how to reach MinIO/S3 or HDFS when it is there.
 */
export const lakeSettingsShape = {
  LAKE_URI: z
    .string()
    .regex(/^(file|s3|hdfs):\/\/./, 'expected a file://, s3:// or hdfs:// URI')
    .default('file://./.run/lake')
    .describe('Root of the lake: a `file://` path (absolute, or relative to the working directory), `s3://bucket/prefix` (MinIO, S3) or `hdfs://host:port/dir`.'),
  S3_ENDPOINT: z.url().optional().describe('S3 API endpoint, e.g. http://127.0.0.1:19000 for the local MinIO; unset for AWS S3.'),
  S3_REGION: z.string().default('us-east-1').describe('S3 region (MinIO accepts any).'),
  S3_ACCESS_KEY_ID: z.string().optional().describe('S3 access key; required when LAKE_URI is s3://.'),
  S3_SECRET_ACCESS_KEY: z.string().optional().describe('S3 secret key; required when LAKE_URI is s3://.'),
  WEBHDFS_URL: z.url().optional().describe('NameNode HTTP address for WebHDFS, e.g. http://127.0.0.1:19870; required when LAKE_URI is hdfs://.'),
  HDFS_USER: z.string().default('music').describe('HDFS user the lake files are written as (simple authentication).'),
};

export type LakeSettings = z.output<z.ZodObject<typeof lakeSettingsShape>>;

/** The lake root as an absolute URI: `file://./x` and `file://x` resolve against `cwd`. */
export function resolveLakeUri(uri: string, cwd: string): string {
  const relative = /^file:\/\/(?!\/)(.*)$/.exec(uri);
  return relative ? fileUriOf(resolve(cwd, relative[1] ?? '.')) : uri.replace(/\/+$/, '');
}

/** The URI of one table under the lake root, e.g. `tableUri(lake, 'bronze', 'listening_events')`. */
export function tableUri(lakeUri: string, ...path: string[]): string {
  return [lakeUri.replace(/\/+$/, ''), ...path].join('/');
}

/** Storage options for the lake's scheme, or an error naming the settings that are missing. */
export function lakeStorageOptions(settings: LakeSettings): StorageOptions {
  if (settings.LAKE_URI.startsWith('s3://')) {
    if (!settings.S3_ACCESS_KEY_ID || !settings.S3_SECRET_ACCESS_KEY) {
      throw new Error(`LAKE_URI=${settings.LAKE_URI} needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for MinIO)`);
    }
    return {
      s3: {
        endpoint: settings.S3_ENDPOINT,
        region: settings.S3_REGION,
        credentials: { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY },
      },
    };
  }
  if (settings.LAKE_URI.startsWith('hdfs://')) {
    if (!settings.WEBHDFS_URL) throw new Error(`LAKE_URI=${settings.LAKE_URI} needs WEBHDFS_URL (the NameNode HTTP address, e.g. http://127.0.0.1:19870)`);
    return { hdfs: { webhdfsUrl: settings.WEBHDFS_URL, user: settings.HDFS_USER } };
  }
  return {};
}
