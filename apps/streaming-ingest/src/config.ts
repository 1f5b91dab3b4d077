import { defineConfig, hostPortList, logLevel, port, positiveInt } from '@music/config';
import { lakeSettingsShape } from '@music/storage';
import { z } from 'zod';

export const ingestConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: hostPortList('127.0.0.1:19092').describe('Kafka bootstrap servers, host:port[,host:port…].'),
  INGEST_TOPIC: z.string().min(1).default('listening-events').describe('Topic of the listening events.'),
  INGEST_DLQ_TOPIC: z.string().min(1).default('listening-events.dlq').describe('Dead-letter topic: invalid records, original bytes, reason in the headers.'),
  INGEST_GROUP: z.string().min(1).default('streaming-ingest').describe('Consumer group; instances in one group share the partitions (and one txn app id per partition).'),
  ...lakeSettingsShape,
  INGEST_BATCH_MAX_RECORDS: positiveInt(50_000).describe('A micro-batch closes at this many records (or bytes, or wait, whichever comes first).'),
  INGEST_BATCH_MAX_BYTES: positiveInt(64 * 1024 * 1024).describe('A micro-batch closes at this many payload bytes.'),
  INGEST_BATCH_MAX_WAIT_MS: positiveInt(1_000).describe('A micro-batch closes this long after its first record; with commit time on top, events are visible in bronze within the 3 s target.'),
  INGEST_OPTIMIZE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0, 'expected milliseconds >= 0')
    .default(10 * 60 * 1000)
    .describe('How often bronze and quarantine partitions are compacted (days before yesterday, UTC, from 2 small files; yesterday and today from INGEST_OPTIMIZE_MIN_FILES) and their logs cleaned of the versions past their delta.logRetentionDuration (7 days unless changed with `npm run batch -- properties`); 0 turns it off.'),
  INGEST_OPTIMIZE_MIN_FILES: z.coerce
    .number()
    .int('expected a whole number')
    .min(2, 'expected at least 2')
    .default(100)
    .describe("Yesterday's and today's partitions are compacted once they hold this many small files (a file per batch); each compaction makes the batch job read the partition again."),
  INGEST_HTTP_PORT: port(9464).describe('Port of /healthz and the Prometheus /metrics.'),
  INGEST_HTTP_HOST: z.string().default('127.0.0.1').describe('Address of /healthz and /metrics.'),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadConfig = defineConfig('streaming-ingest', ingestConfigSchema);
