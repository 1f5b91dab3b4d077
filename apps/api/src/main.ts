import { join } from 'node:path';
import { hashApiKey } from '@music/collector';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { GoldReader, ResponseCache } from '@music/gold-queries';
import { createLogger, kafkajsLogCreator } from '@music/logger';
import { lakeStorageOptions, resolveLakeUri } from '@music/storage';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { buildApp } from './app';
import { apiConfigSchema, loadConfig } from './config';
import { KafkaEventPublisher } from './event-publisher';
import { KafkaTopicOffsets } from './kafka-topic-offsets';

const HELP = `Usage: npm run api [-- hash-key KEY]

Starts the metrics API (GET /v1/kpis, /v1/top-artists, … over the gold tables, /v1/live over
bronze) and the event collector (POST /v1/events) on API_HOST:API_PORT (default
127.0.0.1:3001); OpenAPI at /openapi.json. Settings come from the environment:
API_HOST, API_PORT, KAFKA_BROKERS, COLLECTOR_TOPIC, INGEST_GROUP, COLLECTOR_API_KEY_HASHES,
COLLECTOR_MAX_EVENT_AGE_HOURS, COLLECTOR_RATE_LIMIT, COLLECTOR_RATE_WINDOW_SECONDS,
LAKE_URI (default file://./.run/lake), S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID,
S3_SECRET_ACCESS_KEY, WEBHDFS_URL, HDFS_USER, GOLD_REFRESH_INTERVAL_MS (default 1000),
METRICS_CACHE_ENTRIES (default 500), LOG_LEVEL.

  hash-key KEY   print the sha256 of an API key, for COLLECTOR_API_KEY_HASHES
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('api', 'Read by `npm run api` (the metrics API and the event collector).', apiConfigSchema));
    return;
  }
  if (argv[0] === 'hash-key') {
    if (!argv[1]) throw new Error('hash-key needs the key to hash');
    process.stdout.write(`${hashApiKey(argv[1])}\n`);
    return;
  }
  const config = loadConfig(process.env);
  const log = createLogger({ name: 'api', level: config.LOG_LEVEL });
  if (config.COLLECTOR_API_KEY_HASHES.length === 0) log.warn('COLLECTOR_API_KEY_HASHES is empty: the collector will refuse every request');
  const kafka = new Kafka({ clientId: 'music-api', brokers: config.KAFKA_BROKERS, logLevel: logLevel.WARN, logCreator: kafkajsLogCreator(log), retry: { retries: 5 } });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const publisher = new KafkaEventPublisher(producer, config.COLLECTOR_TOPIC);
  void publisher.start(log);
  // Bounded timeouts: /v1/pipeline answers without the lag rather than wait long for a broker that is down.
  const adminKafka = new Kafka({ clientId: 'music-api-offsets', brokers: config.KAFKA_BROKERS, logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 3000 });
  const topicOffsets = new KafkaTopicOffsets(adminKafka, config.COLLECTOR_TOPIC, config.INGEST_GROUP);
  const reader = await GoldReader.open(
    {
      uri: resolveLakeUri(config.LAKE_URI, process.cwd()),
      storage: { ...lakeStorageOptions(config), logger: log },
      // Not batch-metrics' cache directory: each cache evicts its own files.
      cacheDirectory: join(process.cwd(), '.cache', 'api-delta-files'),
    },
    { refreshIntervalMs: config.GOLD_REFRESH_INTERVAL_MS },
  );
  const app = await buildApp({
    log,
    collector: {
      publisher,
      apiKeyHashes: config.COLLECTOR_API_KEY_HASHES,
      maxEventAgeMs: config.COLLECTOR_MAX_EVENT_AGE_HOURS * 3600 * 1000,
      rateLimit: { max: config.COLLECTOR_RATE_LIMIT, windowMs: config.COLLECTOR_RATE_WINDOW_SECONDS * 1000 },
    },
    metrics: { reader, cache: new ResponseCache(config.METRICS_CACHE_ENTRIES), topicOffsets },
  });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await reader.close();
    await publisher.close();
    await topicOffsets.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`api: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
