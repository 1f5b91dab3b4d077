import type { Logger } from '@music/logger';
import { z } from 'zod';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

const retryPolicySchema = z.object({
  maxAttempts: z.int().min(1).max(20).optional(),
  baseDelayMs: z.number().min(0).max(60_000).optional(),
  maxDelayMs: z.number().min(0).max(600_000).optional(),
});

const s3OptionsSchema = z.object({
  /** e.g. `http://127.0.0.1:19000` for MinIO; omit for AWS. */
  endpoint: z.url().optional(),
  region: z.string().min(1).default('us-east-1'),
  credentials: z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() }),
  /** Bucket in the path instead of the host name; MinIO needs it. Defaults to true when `endpoint` is set. */
  forcePathStyle: z.boolean().optional(),
});

const hdfsOptionsSchema = z.object({
  /** The NameNode HTTP address serving WebHDFS, e.g. `http://127.0.0.1:19870` (not the RPC port). */
  webhdfsUrl: z.url(),
  /** Sent as `user.name` (simple authentication). */
  user: z.string().min(1),
  requestTimeoutMs: z.int().min(1).default(30_000),
});

export const storageOptionsSchema = z.object({
  local: z.object({ fsync: z.boolean().optional() }).optional(),
  s3: s3OptionsSchema.optional(),
  hdfs: hdfsOptionsSchema.optional(),
  retry: retryPolicySchema.optional(),
  logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null && 'warn' in value).optional(),
});

export type StorageOptions = z.input<typeof storageOptionsSchema>;
export type S3StoreOptions = z.input<typeof s3OptionsSchema>;
export type WebHdfsOptions = z.input<typeof hdfsOptionsSchema>;

export function resolveRetryPolicy(partial: { [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined } | undefined): RetryPolicy {
  const given = Object.entries(partial ?? {}).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_RETRY_POLICY, ...Object.fromEntries(given) };
}
