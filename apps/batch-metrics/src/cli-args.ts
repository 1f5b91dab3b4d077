import { parseArgs } from 'node:util';

export const HELP = `Usage: npm run batch -- [command] [options]

Commands:
  run (default)          bronze → silver → gold, incrementally: reads only the bronze versions
                         silver has not seen and rewrites only the gold days they touch
    --full               rebuild silver and every gold table from all of bronze
    --watch SECONDS      run again every SECONDS (near-real-time gold); Ctrl-C stops after a run
  catalog [--json]       every table: layer, location, version, last update, files, rows
  erase --user ID        delete one listener's events from bronze, quarantine and silver,
                         recompute the gold days concerned, VACUUM every table
    --retention-hours H  VACUUM retention (default ERASURE_RETENTION_HOURS, 168)
    --force              allow a retention below the tables' configured minimum

Settings (environment): LAKE_URI (default file://./.run/lake), S3_* or WEBHDFS_URL for the
other backends, ERASURE_RETENTION_HOURS, BATCH_WATCH_SECONDS, LOG_LEVEL.
`;

export type BatchCommand =
  | { kind: 'help' }
  | { kind: 'run'; full: boolean; watchSeconds: number | undefined }
  | { kind: 'catalog'; json: boolean }
  | { kind: 'erase'; userId: string; retentionHours: number | undefined; force: boolean };

export function parseBatchArgs(argv: readonly string[]): BatchCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      full: { type: 'boolean', default: false },
      watch: { type: 'string' },
      json: { type: 'boolean', default: false },
      user: { type: 'string' },
      'retention-hours': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { kind: 'help' };
  const [command = 'run', ...rest] = positionals;
  if (rest.length > 0) throw new Error(`unexpected argument ${JSON.stringify(rest[0])}`);
  const positiveNumber = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} expects a number >= 0, got ${JSON.stringify(value)}`);
    return n;
  };
  switch (command) {
    case 'run': {
      const watch = positiveNumber('watch', values.watch);
      if (watch === 0) throw new Error('--watch expects a number of seconds > 0');
      return { kind: 'run', full: values.full, watchSeconds: watch };
    }
    case 'catalog':
      return { kind: 'catalog', json: values.json };
    case 'erase':
      if (!values.user) throw new Error('erase needs --user ID');
      return { kind: 'erase', userId: values.user, retentionHours: positiveNumber('retention-hours', values['retention-hours']), force: values.force };
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}; expected run, catalog or erase`);
  }
}
