import { join } from 'node:path';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { DuckDBSession, TablePropertyError } from '@music/delta';
import { changeTableProperties, eraseUser, maintainLake, readCatalog, refreshLake, TableNotCreatedError, UnknownTableError, type Lake, type MaintenanceOptions } from '@music/lakehouse-jobs';
import { createLogger } from '@music/logger';
import { lakeStorageOptions, resolveLakeUri } from '@music/storage';
import { BatchUsageError, HELP, parseBatchArgs } from './cli-args';
import { batchConfigSchema, loadConfig } from './config';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('batch-metrics', 'Read by `npm run batch` (bronze → silver → gold, catalog, erasure).', batchConfigSchema));
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig(process.env);
  const command = parseBatchArgs(argv, { watchSeconds: config.BATCH_WATCH_SECONDS });
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const log = createLogger({ name: 'batch-metrics', level: config.LOG_LEVEL, pretty: process.stderr.isTTY });
  const lake: Lake = {
    uri: resolveLakeUri(config.LAKE_URI, process.cwd()),
    storage: { ...lakeStorageOptions(config), logger: log },
    duckdb: await DuckDBSession.create(),
    cacheDirectory: join(process.cwd(), '.cache', 'delta-files'),
  };
  try {
    switch (command.kind) {
      case 'catalog': {
        const catalog = await readCatalog(lake);
        if (command.json) process.stdout.write(`${JSON.stringify(catalog, null, 2)}\n`);
        else
          for (const e of catalog)
            process.stdout.write(
              `${e.layer.padEnd(10)} ${e.name.padEnd(30)} v${String(e.version ?? '-').padEnd(5)} ${String(e.rows ?? '-').padStart(10)} rows ${String(e.files).padStart(5)} files  ${e.lastUpdated ?? 'not created'}  ${e.location}\n`,
            );
        return 0;
      }
      case 'properties': {
        const report = await changeTableProperties(lake, command.table, command.request);
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.status === 'committed') log.info({ table: report.table, version: report.version }, 'table properties changed');
        return 0;
      }
      case 'erase': {
        const report = await eraseUser(lake, { userId: command.userId, retentionHours: command.retentionHours ?? config.ERASURE_RETENTION_HOURS, forceRetention: command.force, log });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      }
      case 'maintain': {
        const report = await maintainLake(lake, {
          minFiles: command.minFiles ?? config.BATCH_OPTIMIZE_MIN_FILES,
          retentionHours: command.retentionHours ?? config.BATCH_VACUUM_RETENTION_HOURS,
          forceRetention: command.force,
          logRetentionHours: command.logRetentionHours,
          log,
        });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      }
      case 'run': {
        const maintenance: MaintenanceOptions = { minFiles: config.BATCH_OPTIMIZE_MIN_FILES, retentionHours: config.BATCH_VACUUM_RETENTION_HOURS, log };
        let maintainedAt = Date.now();
        let stop = false;
        process.once('SIGINT', () => (stop = true));
        process.once('SIGTERM', () => (stop = true));
        do {
          const run = await refreshLake(lake, { full: command.full, log });
          const refreshed = run.gold.filter((g) => g.status === 'refreshed');
          log.info(
            { silver: run.silver.status, bronzeVersion: run.silver.bronzeVersion, silverRows: run.silver.rows, goldTables: refreshed.length, goldRows: refreshed.reduce((n, g) => n + g.rows, 0), elapsedMs: run.elapsedMs },
            'batch run done',
          );
          if (command.watchSeconds === undefined) break;
          if (config.BATCH_MAINTENANCE_INTERVAL_SECONDS > 0 && Date.now() - maintainedAt >= config.BATCH_MAINTENANCE_INTERVAL_SECONDS * 1000) {
            maintainedAt = Date.now();
            // A failed maintenance (e.g. a commit conflict with an erasure) is retried at the next interval; the runs go on.
            await maintainLake(lake, maintenance).then(
              (report) => log.info({ elapsedMs: report.elapsedMs, filesCompacted: report.tables.reduce((n, t) => n + t.filesCompacted, 0), filesVacuumed: report.tables.reduce((n, t) => n + t.filesVacuumed, 0), logFilesDeleted: report.tables.reduce((n, t) => n + t.logFilesDeleted, 0) }, 'maintenance done'),
              (error: unknown) => log.warn({ err: error }, 'maintenance failed; retried at the next interval'),
            );
          }
          const wakeAt = Date.now() + command.watchSeconds * 1000;
          while (!stop && Date.now() < wakeAt) await new Promise((r) => setTimeout(r, 200));
          command.full = false;
        } while (!stop);
        return 0;
      }
    }
  } finally {
    await lake.duckdb.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof BatchUsageError || error instanceof UnknownTableError || error instanceof TableNotCreatedError || error instanceof TablePropertyError;
    process.stderr.write(`batch-metrics: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof BatchUsageError || error instanceof UnknownTableError || error instanceof TablePropertyError ? 2 : 1);
  },
);
