import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LIMITS } from '@music/events';
import { COMPRESSION_CODECS, type CompressionCodec } from './event-sink';
import { KAFKA_CLIENTS, TOPIC_NAME, type KafkaClientName, type ProducerConfig } from './producer-config';

export const HELP = `Usage: music-producer [options]
       npx tsx apps/producer/src/main.ts [options]

Simulates listeners (catalogue with Zipf popularity, users in their time zones with daily and
weekly cycles, sessions, skips, likes, shares, trending bursts) and produces their listening
events to Kafka, or as NDJSON with --out. The same --seed and settings give the same events.

Modes:
  live (default)     occurred_at is now; events are paced at --rate
  backfill (--from)  historical events from --from to --to, as fast as possible (or at --rate)

Options:
  --rate N|unlimited   records per second (live default 100; backfill default unlimited)
  --count N            stop after N records (malformed ones included)
  --duration D         stop after D of wall-clock time: 500ms, 30s, 5m, 2h, 1d
  --from DATE          backfill start, ISO 8601 (2025-01-06 or 2025-01-06T18:00:00Z)
  --to DATE            backfill end, exclusive (default: now)
  --users N            simulated listeners (default: 10000 in a backfill; live, 1000 per
                       record/s between 10000 and 1000000, so nobody listens twice at once)
  --artists N          artists in the catalogue (default 2000)
  --tracks N           tracks in the catalogue (default 40000)
  --seed S             seed of every random choice (env PRODUCER_SEED, default "music")
  --bad-ratio R        share of records replaced by malformed payloads of every kind, 0 to <1
                       (for dead-letter tests; default 0)
  --out -|FILE         write NDJSON to stdout (-) or FILE instead of Kafka
  --manifest FILE      write a JSON manifest of what was delivered: counts per event type,
                       malformed counts by kind, sorted event ids and their sha256
  --summary FILE       the same without the event ids (cheap on long runs): counts, bytes, timing
  --brokers LIST       host:port,… (env KAFKA_BROKERS, default 127.0.0.1:19092)
  --topic NAME         (env PRODUCER_TOPIC, default listening-events)
  --partitions N       partitions when the topic is created (env PRODUCER_PARTITIONS, default 6)
  --client NAME        platformatic or kafkajs (env PRODUCER_CLIENT, default platformatic)
  --compression C      none or gzip (env PRODUCER_COMPRESSION, default none)
  --batch-size N       records per request (env PRODUCER_BATCH_SIZE, default 4000)
  -h, --help           show this help

Exit status: 0 when every record was delivered (also after SIGINT/SIGTERM, which flush first),
1 when records could not be delivered (the manifest lists only delivered ones), 2 on bad usage.
`;

export interface ProducerSettings {
  mode: 'live' | 'backfill';
  rate: number | 'unlimited';
  count: number | undefined;
  durationMs: number | undefined;
  fromMs: number | undefined;
  toMs: number | undefined;
  /** Undefined: the simulator's defaults (live mode always sets users). */
  users: number | undefined;
  artists: number | undefined;
  tracks: number | undefined;
  seed: string;
  badRatio: number;
  out: string | undefined;
  manifest: string | undefined;
  summary: string | undefined;
  brokers: string[];
  topic: string;
  partitions: number;
  client: KafkaClientName;
  compression: CompressionCodec;
  batchSize: number;
}

export type CliCommand = { kind: 'help' } | { kind: 'run'; settings: ProducerSettings };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const LIVE_DEFAULT_RATE = 100;
/** Live default population: a listener makes about 20 events a day, so a rate needs many of them. */
const LIVE_USERS_PER_RECORD_PER_SECOND = 1_000;
const LIVE_MIN_USERS = 10_000;
const LIVE_MAX_USERS = 1_000_000;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

const wholeNumber = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} expects a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${flag} must be from ${min} to ${max.toLocaleString('en-US')}`);

const instant = (flag: string) =>
  z
    .string()
    .transform((s) => Date.parse(s))
    .refine((ms) => Number.isFinite(ms), `${flag} expects an ISO 8601 date such as 2025-01-06 or 2025-01-06T18:00:00Z`)
    .refine((ms) => ms >= LIMITS.MIN_OCCURRED_AT_MS, `${flag} must not be before 2000-01-01`);

const flagsSchema = z.object({
  rate: z
    .string()
    .refine((s) => s === 'unlimited' || (Number.isFinite(Number(s)) && Number(s) > 0), '--rate expects a number of records per second > 0, or unlimited')
    .transform((s): number | 'unlimited' => (s === 'unlimited' ? s : Number(s)))
    .optional(),
  count: wholeNumber('--count', 1, Number.MAX_SAFE_INTEGER).optional(),
  duration: z
    .string()
    .regex(DURATION, '--duration expects a duration such as 500ms, 30s, 5m, 2h or 1d')
    .transform((s) => {
      const [, amount, unit] = DURATION.exec(s) as RegExpExecArray;
      return Number(amount) * (UNIT_MS[unit ?? 's'] as number);
    })
    .refine((ms) => ms > 0, '--duration must be > 0')
    .optional(),
  from: instant('--from').optional(),
  to: instant('--to').optional(),
  users: wholeNumber('--users', 1, 5_000_000).optional(),
  artists: wholeNumber('--artists', 1, 1_000_000).optional(),
  tracks: wholeNumber('--tracks', 1, 5_000_000).optional(),
  seed: z.string().min(1, '--seed must not be empty').optional(),
  'bad-ratio': z
    .string()
    .transform(Number)
    .refine((r) => r >= 0 && r < 1, '--bad-ratio expects a number from 0 to below 1')
    .optional(),
  out: z.string().min(1, '--out expects - or a file path').optional(),
  manifest: z.string().min(1, '--manifest expects a file path').optional(),
  summary: z.string().min(1, '--summary expects a file path').optional(),
  brokers: z
    .string()
    .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((b) => HOST_PORT.test(b)), '--brokers expects host:port[,host:port…]')
    .optional(),
  topic: z.string().regex(TOPIC_NAME, '--topic expects a Kafka topic name (letters, digits, . _ -)').optional(),
  partitions: wholeNumber('--partitions', 1, 10_000).optional(),
  client: z.enum(KAFKA_CLIENTS, { error: `--client expects one of ${KAFKA_CLIENTS.join(', ')}` }).optional(),
  compression: z.enum(COMPRESSION_CODECS, { error: `--compression expects one of ${COMPRESSION_CODECS.join(', ')}` }).optional(),
  'batch-size': wholeNumber('--batch-size', 1, 100_000).optional(),
  help: z.boolean().optional(),
});

/** Parses the command line over the environment's defaults; `nowMs` is the default end of a backfill. */
export function parseCliArgs(argv: readonly string[], config: ProducerConfig, nowMs: number): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: 'string' },
        count: { type: 'string' },
        duration: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        users: { type: 'string' },
        artists: { type: 'string' },
        tracks: { type: 'string' },
        seed: { type: 'string' },
        'bad-ratio': { type: 'string' },
        out: { type: 'string' },
        manifest: { type: 'string' },
        summary: { type: 'string' },
        brokers: { type: 'string' },
        topic: { type: 'string' },
        partitions: { type: 'string' },
        client: { type: 'string' },
        compression: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.message} (got ${JSON.stringify(values[String(i.path[0])])})`).join('\n'));
  }
  const flags = parsed.data;
  if (flags.help) return { kind: 'help' };

  const mode = flags.from === undefined ? 'live' : 'backfill';
  if (flags.to !== undefined && flags.from === undefined) throw new UsageError('--to needs --from: without --from the producer runs live, at the current time');
  if (mode === 'live' && flags.rate === 'unlimited') {
    throw new UsageError('--rate unlimited needs --from: live events happen now, so they are paced; a backfill (--from) goes as fast as possible');
  }
  const toMs = mode === 'backfill' ? (flags.to ?? nowMs) : undefined;
  if (flags.from !== undefined && toMs !== undefined && toMs <= flags.from) {
    throw new UsageError(`--to (${new Date(toMs).toISOString()}) must be after --from (${new Date(flags.from).toISOString()})`);
  }
  if (toMs !== undefined && toMs > nowMs + LIMITS.MAX_FUTURE_MS) throw new UsageError('--to must not be more than 1 hour in the future: readers refuse such events');

  const rate = flags.rate ?? (mode === 'live' ? LIVE_DEFAULT_RATE : 'unlimited');
  const liveUsers =
    mode === 'live' && typeof rate === 'number'
      ? Math.min(LIVE_MAX_USERS, Math.max(LIVE_MIN_USERS, Math.ceil((rate * LIVE_USERS_PER_RECORD_PER_SECOND) / LIVE_MIN_USERS) * LIVE_MIN_USERS))
      : undefined;
  return {
    kind: 'run',
    settings: {
      mode,
      rate,
      count: flags.count,
      durationMs: flags.duration,
      fromMs: flags.from,
      toMs,
      users: flags.users ?? liveUsers,
      artists: flags.artists,
      tracks: flags.tracks,
      seed: flags.seed ?? config.PRODUCER_SEED,
      badRatio: flags['bad-ratio'] ?? 0,
      out: flags.out,
      manifest: flags.manifest,
      summary: flags.summary,
      brokers: flags.brokers ?? config.KAFKA_BROKERS,
      topic: flags.topic ?? config.PRODUCER_TOPIC,
      partitions: flags.partitions ?? config.PRODUCER_PARTITIONS,
      client: flags.client ?? config.PRODUCER_CLIENT,
      compression: flags.compression ?? config.PRODUCER_COMPRESSION,
      batchSize: flags['batch-size'] ?? config.PRODUCER_BATCH_SIZE,
    },
  };
}
