import { z } from 'zod';
import { LIMITS } from '@music/events';
import { DEFAULT_HOURLY_PROFILE, DEFAULT_WEEKDAY_PROFILE } from './activity-cycle';
import { COUNTRY_TIME_ZONES, DEFAULT_COUNTRY_WEIGHTS } from './world-countries';

const HOUR_MS = 3_600_000;

/** Most listened genres first: an artist's main genre is drawn with a gentle Zipf over this order. */
export const DEFAULT_GENRES: readonly string[] = [
  'pop',
  'rap',
  'variété française',
  'electronic',
  'rock',
  'r&b',
  'afrobeats',
  'latin',
  'indie',
  'chanson',
  'house',
  'k-pop',
  'jazz',
  'soul',
  'reggae',
  'metal',
  'classical',
  'folk',
  'funk',
  'techno',
  'blues',
  'country',
  'ambient',
  'soundtrack',
];

const probability = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const positive = z.number().positive('must be > 0');
const wholeCount = (min: number, max: number) =>
  z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max.toLocaleString('en-US')}`);
const logNormalShape = (medianMs: number, sigma: number) =>
  z.object({ medianMs: positive.default(medianMs), sigma: z.number().min(0, 'must be >= 0').max(5, 'must be <= 5').default(sigma) }).default({ medianMs, sigma });

export const simulationConfigSchema = z
  .object({
    /** Everything random derives from it: the same seed and settings give byte-identical events. */
    seed: z.union([z.string().min(1, 'must not be empty'), z.number()]).default('music').transform(String),
    /** Simulated start instant (ms since the epoch). */
    startMs: z.number().int('must be whole milliseconds').min(LIMITS.MIN_OCCURRED_AT_MS, 'must not be before 2000-01-01'),
    /** Simulated end instant, exclusive; no end when absent. */
    endMs: z.number().int('must be whole milliseconds').optional(),
    users: wholeCount(1, 5_000_000).default(10_000),
    artists: wholeCount(1, 1_000_000).default(2_000),
    tracks: wholeCount(1, 5_000_000).default(40_000),
    genres: z
      .array(z.string().trim().min(1, 'must not be empty').max(LIMITS.GENRE, `must be at most ${LIMITS.GENRE} characters`))
      .min(1, 'needs at least one genre')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a genre')
      .default([...DEFAULT_GENRES]),
    maxGenresPerArtist: wholeCount(1, 5).default(3),
    /** Exponent of the Zipf law of artist popularity (1 ≈ real streaming catalogues). */
    zipfExponent: z.number().min(0, 'must be >= 0').max(4, 'must be <= 4').default(1),
    trackDuration: z
      .object({
        medianMs: positive.default(210_000),
        sigma: z.number().min(0).max(2).default(0.28),
        minMs: positive.default(45_000),
        maxMs: positive.max(LIMITS.MAX_DURATION_MS, 'must be at most 6 hours').default(900_000),
      })
      .default({ medianMs: 210_000, sigma: 0.28, minMs: 45_000, maxMs: 900_000 })
      .refine((d) => d.minMs < d.maxMs, 'minMs must be below maxMs'),
    /** Relative weights of the users' home countries (ISO 3166-1 alpha-2). */
    countryWeights: z
      .record(z.string(), z.number().min(0, 'must be >= 0'))
      .default({ ...DEFAULT_COUNTRY_WEIGHTS })
      .superRefine((weights, ctx) => {
        for (const country of Object.keys(weights)) {
          if (!(country in COUNTRY_TIME_ZONES)) {
            ctx.addIssue({
              code: 'custom',
              path: [country],
              message: `no time zones are known for country ${JSON.stringify(country)}; known: ${Object.keys(COUNTRY_TIME_ZONES).sort().join(' ')}`,
            });
          }
        }
        if (!Object.values(weights).some((w) => w > 0)) ctx.addIssue({ code: 'custom', message: 'at least one country weight must be > 0' });
      }),
    /** Average session starts per user and day, before the daily and weekly cycles. */
    sessionsPerUserPerDay: positive.default(1.6),
    /** Spread of activity between users (σ of a log-normal with mean 1): a few heavy listeners. */
    userActivitySigma: z.number().min(0).max(3).default(0.8),
    /** Mean number of tracks in a session (geometric). */
    tracksPerSession: z.number().min(1, 'must be >= 1').max(1000).default(12),
    gapBetweenTracks: logNormalShape(1_500, 1.2),
    /** How long a track plays before it is skipped. */
    skipAfter: logNormalShape(25_000, 0.9),
    /** Probability that a track is chosen among the user's favourite genres rather than the whole catalogue. */
    tasteAffinity: probability.default(0.6),
    skipProbability: z
      .object({ tasteMatch: probability.default(0.18), tasteMismatch: probability.default(0.55) })
      .default({ tasteMatch: 0.18, tasteMismatch: 0.55 }),
    /** Probability that the last track of a session stops before its end (completed: false). */
    abandonProbability: probability.default(0.25),
    /** Probability that a play (not a skip) is liked, and shared. */
    likeRate: probability.default(0.06),
    shareRate: probability.default(0.012),
    hourlyProfile: z.array(z.number().min(0)).length(24, 'needs 24 values, one per local hour').default([...DEFAULT_HOURLY_PROFILE]),
    weekdayProfile: z.array(z.number().min(0)).length(7, 'needs 7 values, Monday first').default([...DEFAULT_WEEKDAY_PROFILE]),
    trending: z
      .object({
        /** Average bursts starting per simulated day. */
        burstsPerDay: z.number().min(0).max(1000).default(1.5),
        medianDurationMs: positive.default(6 * HOUR_MS),
        /** Share of track choices that go to a trending artist while its burst lasts. */
        pickShare: probability.default(0.12),
      })
      .default({ burstsPerDay: 1.5, medianDurationMs: 6 * HOUR_MS, pickShare: 0.12 }),
    /**
     * Live mode: scale session arrivals so that the expected event rate at `startMs` is this many
     * events per second, whatever the number of users.
     */
    targetEventsPerSecond: positive.optional(),
  })
  .refine((c) => c.tracks >= c.artists, { message: 'tracks must be at least the number of artists (every artist has a track)', path: ['tracks'] })
  .refine((c) => c.endMs === undefined || c.endMs > c.startMs, { message: 'endMs must be after startMs', path: ['endMs'] });

export type SimulationConfigInput = z.input<typeof simulationConfigSchema>;
export type SimulationConfig = z.output<typeof simulationConfigSchema>;

/** Validates simulation settings; the error names every field at fault and the value it had. */
export function resolveSimulationConfig(input: SimulationConfigInput): SimulationConfig {
  const parsed = simulationConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(settings)';
    const received = valueAt(input, issue.path);
    return `  ${path}${received === undefined ? '' : `=${JSON.stringify(received)?.slice(0, 80)}`}: ${issue.message}`;
  });
  throw new Error(`Invalid simulation settings:\n${problems.join('\n')}`);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
