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
  API_HOST: z.string().default('127.0.0.1').describe('Address the API listens on.'),
  API_PORT: port(3001).describe('Port the API listens on.'),
  KAFKA_BROKERS: hostPortList('127.0.0.1:19092').describe('Kafka bootstrap servers (the collector produces to them; /v1/pipeline asks them for end offsets), host:port[,host:port…].'),
  COLLECTOR_TOPIC: z.string().min(1).default('listening-events').describe('The events topic: the collector produces accepted events to it, and /v1/pipeline measures how far bronze is behind it.'),
  INGEST_GROUP: z.string().min(1).default('streaming-ingest').describe("The ingest's consumer group, whose progress bronze records (for the consumer lag of /v1/pipeline)."),
  COLLECTOR_API_KEY_HASHES: hashList.describe('sha256 (hex) of each accepted collector API key, comma-separated; `npm run api -- hash-key KEY` prints one. Empty: the collector refuses every request.'),
  COLLECTOR_MAX_EVENT_AGE_HOURS: positiveInt(24 * 7).describe('Oldest occurred_at the collector accepts, in hours (late clients, offline phones).'),
  COLLECTOR_RATE_LIMIT: positiveInt(120).describe('Collector requests allowed per API key per window.'),
  COLLECTOR_RATE_WINDOW_SECONDS: positiveInt(60).describe('Length of the rate-limit window, seconds.'),
  ...lakeSettingsShape,
  GOLD_REFRESH_INTERVAL_MS: z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(0, 'expected a number >= 0')
    .default(1000)
    .describe('Milliseconds between two looks for new commits of a lake table; 0 looks on every request.'),
  METRICS_CACHE_ENTRIES: positiveInt(500).describe('Metrics responses kept in memory (per endpoint, parameters and table version).'),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const loadConfig = defineConfig('api', apiConfigSchema);
