import { parseArgs } from 'node:util';
import type { TablePropertiesRequest } from '@music/lakehouse-jobs';

export const HELP = `Usage: npm run batch -- [command] [options]

Commands:
  run (default)          bronze → silver → gold, incrementally: reads only the bronze versions
                         silver has not seen and rewrites only the gold days they touch
    --full               rebuild silver and every gold table from all of bronze
    --watch [SECONDS]    run again every SECONDS (default BATCH_WATCH_SECONDS, 30): near-real-time
                         gold, with maintenance every BATCH_MAINTENANCE_INTERVAL_SECONDS (600);
                         Ctrl-C stops after the current run
  maintain               compact the silver partitions holding BATCH_OPTIMIZE_MIN_FILES (50) small
                         files or more, then VACUUM every table (files removed longer than the
                         retention ago, and orphans older than it), then delete the log files of
                         versions past each table's delta.logRetentionDuration (7 days for
                         bronze and quarantine, 30 for the others; see properties)
    --min-files N        compact partitions with at least N small files (>= 2)
    --retention-hours H  VACUUM retention (default BATCH_VACUUM_RETENTION_HOURS, 168)
    --force              allow a retention below the tables' configured minimum
    --log-retention-hours H
                         log retention instead of the tables' own (older versions become
                         unreadable)
  catalog [--json]       every table: layer, location, version, last update, files, rows
                         (--json adds the columns and table properties)
  properties TABLE [KEY=VALUE ...]
                         show a table's properties, or set some (ALTER TABLE SET TBLPROPERTIES),
                         e.g. properties bronze_listening_events delta.logRetentionDuration="interval 3 days"
    --unset KEY          remove a property instead (repeatable)
  erase --user ID        delete one listener's events from bronze, quarantine and silver,
                         recompute the gold days concerned, VACUUM every table
    --retention-hours H  VACUUM retention (default ERASURE_RETENTION_HOURS, 168)
    --force              allow a retention below the tables' configured minimum

Settings (environment): LAKE_URI (default file://./.run/lake), S3_* or WEBHDFS_URL for the
other backends, ERASURE_RETENTION_HOURS, BATCH_WATCH_SECONDS, BATCH_MAINTENANCE_INTERVAL_SECONDS,
BATCH_OPTIMIZE_MIN_FILES, BATCH_VACUUM_RETENTION_HOURS, LOG_LEVEL (--config-reference lists them).
`;

export type BatchCommand =
  | { kind: 'help' }
  | { kind: 'run'; full: boolean; watchSeconds: number | undefined }
  | { kind: 'catalog'; json: boolean }
  | { kind: 'properties'; table: string; request: TablePropertiesRequest }
  | { kind: 'erase'; userId: string; retentionHours: number | undefined; force: boolean }
  | { kind: 'maintain'; minFiles: number | undefined; retentionHours: number | undefined; force: boolean; logRetentionHours: number | undefined };

/** A command line that cannot be run: the message says why; the program exits 2. */
export class BatchUsageError extends Error {}

/** `--watch` with no value takes the configured default (BATCH_WATCH_SECONDS). */
function withWatchDefault(argv: readonly string[], watchSeconds: number): string[] {
  return argv.flatMap((arg, i) => (arg === '--watch' && (i + 1 >= argv.length || argv[i + 1]?.startsWith('-')) ? [arg, String(watchSeconds)] : [arg]));
}

export function parseBatchArgs(argv: readonly string[], defaults: { watchSeconds: number } = { watchSeconds: 30 }): BatchCommand {
  let parsed: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: withWatchDefault(argv, defaults.watchSeconds),
      allowPositionals: true,
      strict: true,
      options: {
        full: { type: 'boolean', default: false },
        watch: { type: 'string' },
        json: { type: 'boolean', default: false },
        user: { type: 'string' },
        'retention-hours': { type: 'string' },
        'min-files': { type: 'string' },
        'log-retention-hours': { type: 'string' },
        force: { type: 'boolean', default: false },
        unset: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new BatchUsageError(`${(error as Error).message} (see --help)`, { cause: error });
  }
  const values = parsed.values as {
    full: boolean;
    watch?: string;
    json: boolean;
    user?: string;
    'retention-hours'?: string;
    'min-files'?: string;
    'log-retention-hours'?: string;
    force: boolean;
    unset?: string[];
    help: boolean;
  };
  if (values.help) return { kind: 'help' };
  const [command = 'run', ...rest] = parsed.positionals;
  if (command === 'properties') return propertiesCommand(rest, values.unset ?? []);
  if (rest.length > 0) throw new BatchUsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (values.unset !== undefined) throw new BatchUsageError('--unset belongs to the properties command');
  const positiveNumber = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new BatchUsageError(`--${flag} expects a number >= 0, got ${JSON.stringify(value)}`);
    return n;
  };
  switch (command) {
    case 'run': {
      const watch = positiveNumber('watch', values.watch);
      if (watch === 0) throw new BatchUsageError('--watch expects a number of seconds > 0');
      return { kind: 'run', full: values.full, watchSeconds: watch };
    }
    case 'catalog':
      return { kind: 'catalog', json: values.json };
    case 'erase':
      if (!values.user) throw new BatchUsageError('erase needs --user ID');
      return { kind: 'erase', userId: values.user, retentionHours: positiveNumber('retention-hours', values['retention-hours']), force: values.force };
    case 'maintain': {
      const minFiles = positiveNumber('min-files', values['min-files']);
      if (minFiles !== undefined && (!Number.isInteger(minFiles) || minFiles < 2)) throw new BatchUsageError(`--min-files expects a whole number >= 2, got ${JSON.stringify(values['min-files'])}`);
      return {
        kind: 'maintain',
        minFiles,
        retentionHours: positiveNumber('retention-hours', values['retention-hours']),
        force: values.force,
        logRetentionHours: positiveNumber('log-retention-hours', values['log-retention-hours']),
      };
    }
    default:
      throw new BatchUsageError(`unknown command ${JSON.stringify(command)}; expected run, catalog, properties, erase or maintain`);
  }
}

function propertiesCommand(args: readonly string[], unset: readonly string[]): BatchCommand {
  const [table, ...pairs] = args;
  if (table === undefined) throw new BatchUsageError('properties needs a table name (see catalog)');
  if (pairs.length > 0 && unset.length > 0) throw new BatchUsageError('properties sets KEY=VALUE pairs or removes --unset keys, not both at once');
  if (unset.length > 0) return { kind: 'properties', table, request: { kind: 'unset', keys: unset } };
  if (pairs.length === 0) return { kind: 'properties', table, request: { kind: 'show' } };
  const properties: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new BatchUsageError(`expected KEY=VALUE, got ${JSON.stringify(pair)}`);
    properties[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return { kind: 'properties', table, request: { kind: 'set', properties } };
}
