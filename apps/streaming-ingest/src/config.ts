import { defineConfig, hostPortList, logLevel, port, positiveInt } from '@music/config';
import { lakeSettingsShape } from '@music/storage';
import { z } from 'zod';

export const ingestConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: hostPortList('127.0.0.1:19092'),
  INGEST_TOPIC: z.string().min(1).default('listening-events'),
  INGEST_DLQ_TOPIC: z.string().min(1).default('listening-events.dlq'),
  INGEST_GROUP: z.string().min(1).default('streaming-ingest'),
  ...lakeSettingsShape,
  /** Micro-batch limits: whichever is reached first closes the batch. */
  INGEST_BATCH_MAX_RECORDS: positiveInt(50_000),
  INGEST_BATCH_MAX_BYTES: positiveInt(64 * 1024 * 1024),
  /** Default 1 s: with commit time on top, events are visible in bronze within the 3 s target. */
  INGEST_BATCH_MAX_WAIT_MS: positiveInt(1_000),
  /** How often closed bronze partitions (days before yesterday, UTC) are compacted; 0 turns it off. */
  INGEST_OPTIMIZE_INTERVAL_MS: z.coerce.number().int().min(0, 'expected milliseconds >= 0').default(10 * 60 * 1000),
  INGEST_HTTP_PORT: port(9464),
  INGEST_HTTP_HOST: z.string().default('127.0.0.1'),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadConfig = defineConfig('streaming-ingest', ingestConfigSchema);
