import { defineConfig, hostPortList, logLevel, port, positiveInt } from '@music/config';
import { lakeSettingsShape } from '@music/storage';
import { z } from 'zod';

const hashList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
  .refine((list) => list.every((h) => /^[0-9a-f]{64}$/.test(h)), { message: 'expected comma-separated sha256 hex digests of the API keys' });

export const apiConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port(3001),
  KAFKA_BROKERS: hostPortList('127.0.0.1:19092'),
  COLLECTOR_TOPIC: z.string().min(1).default('listening-events'),
  /** sha256 (hex) of each accepted collector API key: `npm run api -- hash-key KEY` prints one. */
  COLLECTOR_API_KEY_HASHES: hashList,
  /** Oldest occurred_at the collector accepts, in hours (late clients, offline phones). */
  COLLECTOR_MAX_EVENT_AGE_HOURS: positiveInt(24 * 7),
  /** Requests per key per window, and the window in seconds. */
  COLLECTOR_RATE_LIMIT: positiveInt(120),
  COLLECTOR_RATE_WINDOW_SECONDS: positiveInt(60),
  /** The lake the metrics endpoints read (LAKE_URI and the S3 / WebHDFS settings). */
  ...lakeSettingsShape,
  /** Milliseconds between two looks for new commits of a gold table; 0 looks on every request. */
  GOLD_REFRESH_INTERVAL_MS: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(0, 'expected a number >= 0').default(1000),
  /** Metrics responses kept in memory (per endpoint, parameters and table version). */
  METRICS_CACHE_ENTRIES: positiveInt(500),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const loadConfig = defineConfig('api', apiConfigSchema);
