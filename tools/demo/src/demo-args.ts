import { parseArgs } from 'node:util';
import { z } from 'zod';

export const STORAGES = ['local', 'minio', 'hdfs'] as const;
export type Storage = (typeof STORAGES)[number];

export const HELP = `music-demo: the whole pipeline on this machine, from simulated listeners to the dashboard

Usage: npm run demo -- [options]

Starts Kafka (and MinIO or HDFS with --storage) as local processes, backfills simulated history,
then keeps producing live events while streaming-ingest writes bronze, batch-metrics refreshes
silver and gold every few seconds, and the API and the dashboard serve them. Prints the
dashboard URL when the first numbers are in. Ctrl-C stops everything it started, in order.

The lake, the topic and the logs live under .run/demo/<storage>/ and are reused by the next
run (no second backfill); --fresh starts over with an empty lake and a new topic.

Options:
  --storage local|minio|hdfs  where the lake lives (default local: .run/demo/local/lake)
  --days N                    days of history to backfill on the first run (default 14: the
                              dashboard's default 7 days then compare with 7 recorded ones)
  --users N                   simulated listeners in the backfill (default 2000, ~40k events/day)
  --rate N                    live events per second (default: the pace of the backfilled
                              history, about 0.5/s for 2000 listeners, so that today continues
                              it; a higher rate makes today's numbers grow faster than any
                              recorded day)
  --bad-ratio R               share of the produced records replaced by malformed ones of every
                              kind, which the ingest sends to the dead-letter topic and the
                              quarantine table (the pipeline page lists why); default 0.001,
                              0 for none
  --watch S                   seconds between two batch refreshes of silver and gold (default 5)
  --fresh                     forget the previous lake and topic of this storage, start over
  --duration D                stop by itself after D (e.g. 90s, 10m); default: until Ctrl-C
  --dashboard-port N          (default 3000)
  --api-port N                (default 3001)
  --ingest-port N             streaming-ingest /healthz and /metrics (default 9464)
  -h, --help                  show this help

Logs of every process: .run/demo/<storage>/logs/<name>.log
Services already running are used as they are, and left running: those \`npm run infra\`
started, or your own given by KAFKA_BROKERS (and S3_ENDPOINT, S3_ACCESS_KEY_ID,
S3_SECRET_ACCESS_KEY, S3_BUCKET for MinIO; HDFS_URL, WEBHDFS_URL for HDFS).
Environment: DEMO_DIR (default .run/demo), DEMO_LOG_LEVEL (info); the infra settings
(INFRA_KAFKA_PORT, …) are passed to \`npm run infra\`, see \`npm run infra -- --help\`.
`;

export class UsageError extends Error {}

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new UsageError(`--duration: expected a number followed by ms, s, m or h (e.g. 90s), got "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const positive = (flag: string) =>
  z.coerce.number({ error: `${flag}: expected a number` }).int(`${flag}: expected a whole number`).positive(`${flag}: expected a number > 0`);
const portNumber = (flag: string) => positive(flag).max(65_535, `${flag}: expected a port number <= 65535`);

const optionsSchema = z.object({
  storage: z.enum(STORAGES, { error: (issue) => `--storage: expected local, minio or hdfs, got "${String(issue.input)}"` }).default('local'),
  days: positive('--days').max(366, '--days: at most 366').default(14),
  users: positive('--users').default(2000),
  rate: z.coerce.number({ error: '--rate: expected a number' }).positive('--rate: expected a number > 0').optional(),
  'bad-ratio': z.coerce
    .number({ error: '--bad-ratio: expected a number' })
    .min(0, '--bad-ratio: expected a share from 0 to 0.5')
    .max(0.5, '--bad-ratio: expected a share from 0 to 0.5')
    .default(0.001),
  watch: positive('--watch').default(5),
  fresh: z.boolean().default(false),
  duration: z
    .string()
    .regex(DURATION, { error: (issue) => `--duration: expected a number followed by ms, s, m or h (e.g. 90s), got "${String(issue.input)}"` })
    .transform(parseDuration)
    .optional(),
  'dashboard-port': portNumber('--dashboard-port').default(3000),
  'api-port': portNumber('--api-port').default(3001),
  'ingest-port': portNumber('--ingest-port').default(9464),
});

export interface DemoOptions {
  storage: Storage;
  days: number;
  users: number;
  /** Live events per second; undefined: the backfilled history's pace (historyPace). */
  rate: number | undefined;
  /** Share of produced records that are malformed on purpose. */
  badRatio: number;
  watchSeconds: number;
  fresh: boolean;
  durationMs: number | undefined;
  ports: { dashboard: number; api: number; ingest: number };
}

export type DemoCommand = { kind: 'help' } | { kind: 'run'; options: DemoOptions };

export function parseDemoArgs(argv: readonly string[]): DemoCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        storage: { type: 'string' },
        days: { type: 'string' },
        users: { type: 'string' },
        rate: { type: 'string' },
        'bad-ratio': { type: 'string' },
        watch: { type: 'string' },
        fresh: { type: 'boolean' },
        duration: { type: 'string' },
        'dashboard-port': { type: 'string' },
        'api-port': { type: 'string' },
        'ingest-port': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`, { cause: error });
  }
  if (values.help) return { kind: 'help' };
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(`${parsed.error.issues.map((issue) => issue.message).join('; ')} (see --help)`);
  const o = parsed.data;
  const ports = { dashboard: o['dashboard-port'], api: o['api-port'], ingest: o['ingest-port'] };
  if (new Set(Object.values(ports)).size !== 3) throw new UsageError(`--dashboard-port, --api-port and --ingest-port must differ, got ${JSON.stringify(ports)}`);
  return {
    kind: 'run',
    options: { storage: o.storage, days: o.days, users: o.users, rate: o.rate, badRatio: o['bad-ratio'], watchSeconds: o.watch, fresh: o.fresh, durationMs: o.duration, ports },
  };
}
