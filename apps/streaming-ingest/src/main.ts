import { hostname } from 'node:os';
import { join } from 'node:path';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { DuckDBSession } from '@music/delta';
import { DeltaBronzeAppender, DeltaErasedListeners, DeltaTableAppender, maintainIngestTables } from '@music/ingest';
import { createLogger, kafkajsLogCreator } from '@music/logger';
import { lakeStorageOptions, openObjectStore, resolveLakeUri, tableUri } from '@music/storage';
import { BRONZE_TABLE, ERASED_LISTENERS_TABLE, openOrCreateTable, QUARANTINE_TABLE, type QuarantineRow } from '@music/tables';
import { Kafka, logLevel } from 'kafkajs';
import { buildApp } from './app';
import { ingestConfigSchema, loadConfig } from './config';
import { IngestMetrics } from './ingest-metrics';
import { IngestService } from './ingest-service';

const HELP = `Usage: npm run ingest

Consumes listening events from Kafka and writes them exactly once to the bronze Delta table
(invalid ones to the quarantine table and the dead-letter topic). Serves /healthz and /metrics.
Settings (environment): KAFKA_BROKERS, INGEST_TOPIC, INGEST_DLQ_TOPIC, INGEST_GROUP, LAKE_URI
(file:// by default, s3:// with S3_*, hdfs:// with WEBHDFS_URL), INGEST_BATCH_MAX_RECORDS,
INGEST_BATCH_MAX_BYTES, INGEST_BATCH_MAX_WAIT_MS, INGEST_OPTIMIZE_INTERVAL_MS,
INGEST_OPTIMIZE_MIN_FILES, INGEST_HTTP_HOST, INGEST_HTTP_PORT, LOG_LEVEL. Types and defaults:
--config-reference (or docs/runbook/configuration.md).
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (process.argv[2] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('streaming-ingest', 'Read by `npm run ingest` (Kafka → bronze and quarantine Delta tables).', ingestConfigSchema));
    return;
  }
  const config = loadConfig(process.env);
  const log = createLogger({ name: 'streaming-ingest', level: config.LOG_LEVEL });
  const lake = resolveLakeUri(config.LAKE_URI, process.cwd());
  const storage = { ...lakeStorageOptions(config), logger: log };
  const duckdb = await DuckDBSession.create();
  const tableOptions = { duckdb, cacheDirectory: join(process.cwd(), '.cache', 'delta-files') };
  const open = (table: typeof BRONZE_TABLE | typeof QUARANTINE_TABLE | typeof ERASED_LISTENERS_TABLE) =>
    openOrCreateTable(openObjectStore(tableUri(lake, ...table.path), storage), table, tableOptions);
  const [bronzeTable, quarantineTable, erasedTable] = [await open(BRONZE_TABLE), await open(QUARANTINE_TABLE), await open(ERASED_LISTENERS_TABLE)];
  log.info({ bronze: bronzeTable.uri, quarantine: quarantineTable.uri }, 'lake tables ready');

  const kafka = new Kafka({
    clientId: `streaming-ingest-${hostname()}-${process.pid}`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    logCreator: kafkajsLogCreator(log),
    // Keep retrying through broker restarts; the consumer resumes from the tables' offsets.
    retry: { retries: 30, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  const metrics = new IngestMetrics();
  const service = new IngestService({
    config,
    log,
    kafka,
    bronze: new DeltaBronzeAppender('bronze', bronzeTable),
    quarantine: new DeltaTableAppender<QuarantineRow>('quarantine', quarantineTable),
    erased: new DeltaErasedListeners(erasedTable),
    metrics,
    maintenance: () =>
      maintainIngestTables(
        [
          { table: bronzeTable, dateColumn: 'event_date' },
          { table: quarantineTable, dateColumn: 'ingest_date' },
        ],
        { now: Date.now(), openPartitionMinFiles: config.INGEST_OPTIMIZE_MIN_FILES, log },
      ),
  });
  const app = buildApp({ metrics, health: service });
  await app.listen({ host: config.INGEST_HTTP_HOST, port: config.INGEST_HTTP_PORT });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: flushing the open batch');
    await service.stop();
    await app.close();
    await bronzeTable.close();
    await quarantineTable.close();
    await duckdb.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await service.start();
  // A failed write or a crashed consumer ends the process: a supervisor restarts it, and the
  // restart resumes exactly from the offsets recorded in bronze.
  const watchdog = setInterval(() => {
    const reason = service.unhealthyReason();
    if (reason === undefined || stopping) return;
    clearInterval(watchdog);
    log.fatal({ reason }, 'ingest cannot continue; exiting so that a restart resumes from the committed offsets');
    process.exit(2);
  }, 1000);
}

main().catch((error: unknown) => {
  process.stderr.write(`streaming-ingest: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
