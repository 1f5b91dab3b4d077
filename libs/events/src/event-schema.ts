import { z } from 'zod';
import { COUNTRY_CODES } from './countries';
import { isIanaTimeZone } from './time-zones';
import { instantMillis, utcMillis } from './utc-millis';

/** The version writers emit today. Readers upgrade older versions (see event-upgrade.ts). */
export const CURRENT_SCHEMA_VERSION = 1;

export const EVENT_TYPES = ['play', 'skip', 'like', 'share'] as const;
export const PLATFORMS = ['web', 'ios', 'android', 'desktop', 'smart_speaker', 'car', 'tv', 'console', 'wearable'] as const;
export const SHARE_CHANNELS = ['link', 'whatsapp', 'instagram', 'facebook', 'x', 'tiktok', 'snapchat', 'messages', 'email', 'other'] as const;

/** Limits on the wire; a serialised event above MAX_EVENT_BYTES is refused before parsing. */
export const LIMITS = {
  MAX_EVENT_BYTES: 10 * 1024,
  ID: 64,
  TITLE: 300,
  NAME: 200,
  GENRE: 64,
  DEVICE: 64,
  TIMEZONE: 64,
  APP_VERSION: 32,
  /** Longest track we accept: 6 hours (DJ mixes, audiobooks chapters). */
  MAX_DURATION_MS: 6 * 60 * 60 * 1000,
  /** Events may not claim to happen more than this far in the future (clock skew allowance). */
  MAX_FUTURE_MS: 60 * 60 * 1000,
  /** Nothing happened on this platform before 2000-01-01T00:00:00Z. */
  MIN_OCCURRED_AT_MS: Date.UTC(2000, 0, 1),
} as const;

// Messages are "expected" phrases: validation reports them as `path: expected <message>, received <value>`.
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** RFC 3339 in UTC with exactly millisecond precision, e.g. 2026-11-24T18:05:09.123Z. */
export const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
export const SEMANTIC_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const boundedText = (max: number) =>
  z
    .string()
    .min(1, 'a non-empty string')
    .max(max, `a string of at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'a string that is not only white space');

const identifier = z
  .string()
  .max(LIMITS.ID, `an identifier of at most ${LIMITS.ID} characters`)
  .regex(IDENTIFIER, 'an identifier (letters, digits, _ . : -, starting with a letter or digit)');

/** True when an `occurred_at` string names a real instant, e.g. not 2025-02-30T00:00:00.000Z. */
export function isRealUtcInstant(s: string): boolean {
  // utcMillis reads the usual form exactly, without Date's parser and its printf-based formatting.
  if (!Number.isNaN(utcMillis(s))) return true;
  const ms = Date.parse(s);
  return Number.isFinite(ms) && new Date(ms).toISOString() === s;
}

/**
 * `occurred_at`: UTC instant with milliseconds, not before 2000. The upper bound (at most one hour
 * after the reader's clock) depends on when the event is read, so `validateEvent` checks it with
 * an injectable `now`; the schema itself stays free of the wall clock.
 */
export const occurredAtSchema = z
  .string()
  .regex(UTC_MILLIS, 'a UTC timestamp with milliseconds, like 2026-11-24T18:05:09.123Z')
  .refine(isRealUtcInstant, 'a real calendar date and time')
  .refine((s) => instantMillis(s) >= LIMITS.MIN_OCCURRED_AT_MS, 'a time not before 2000-01-01T00:00:00.000Z')
  .describe('When the listener did it: UTC, millisecond precision, >= 2000-01-01, at most 1 hour after the reader\'s clock.');

const msPlayed = z
  .number()
  .min(0, 'a number >= 0')
  .max(LIMITS.MAX_DURATION_MS, `a number <= ${LIMITS.MAX_DURATION_MS} (6 hours)`)
  .int('a whole number of milliseconds');

export const trackSchema = z.strictObject({
  track_id: identifier.describe('Catalogue id of the track.'),
  title: boundedText(LIMITS.TITLE).describe('Track title as shown to the listener.'),
  artist_id: identifier.describe('Catalogue id of the main artist.'),
  artist_name: boundedText(LIMITS.NAME).describe('Main artist name as shown to the listener.'),
  genre: boundedText(LIMITS.GENRE).describe('Catalogue genre, e.g. pop.'),
  duration_ms: z
    .number()
    .positive('a number > 0')
    .max(LIMITS.MAX_DURATION_MS, `a number <= ${LIMITS.MAX_DURATION_MS} (6 hours)`)
    .int('a whole number of milliseconds')
    .describe('Length of the track in milliseconds.'),
}).meta({ id: 'Track', description: 'The track the event is about.' });

const envelope = {
  event_id: z.string().regex(UUID_V7, 'a lower-case UUIDv7').describe('UUIDv7 chosen by the client; the deduplication key.'),
  schema_version: z.literal(CURRENT_SCHEMA_VERSION).describe('Version of this contract the writer used.'),
  occurred_at: occurredAtSchema,
  user_id: identifier.describe('Pseudonymous listener id; the Kafka key.'),
  session_id: identifier.describe('Listening session id, chosen by the client.'),
  track: trackSchema,
  platform: z.enum(PLATFORMS).describe('Kind of client.'),
  device: boundedText(LIMITS.DEVICE).describe('Device model or client name, e.g. iPhone 15.'),
  country: z
    .string()
    .refine((c) => COUNTRY_CODES.has(c), 'an upper-case ISO 3166-1 alpha-2 country code such as FR')
    .meta({ id: 'CountryCode', description: 'ISO 3166-1 alpha-2 country of the listener.', enum: [...COUNTRY_CODES].sort() }),
  timezone: z
    .string()
    .max(LIMITS.TIMEZONE, `a time zone name of at most ${LIMITS.TIMEZONE} characters`)
    .refine(isIanaTimeZone, 'an IANA time zone such as Europe/Paris')
    .describe('IANA time zone of the device, e.g. Europe/Paris.'),
  app_version: z
    .string()
    .max(LIMITS.APP_VERSION, `a version of at most ${LIMITS.APP_VERSION} characters`)
    .regex(SEMANTIC_VERSION, 'a semantic version such as 4.12.0')
    .describe('Semantic version of the client app.'),
};

export const playEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('play'),
  ms_played: msPlayed.describe('How long the track played, in milliseconds.'),
  completed: z.boolean().describe('True when the track played to its end.'),
});

export const skipEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('skip'),
  ms_played: msPlayed.describe('How long the track played before the skip, in milliseconds.'),
});

export const likeEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('like'),
});

export const shareEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('share'),
  channel: z.enum(SHARE_CHANNELS).describe('Where the track was shared.'),
});

/**
 * A listening event as it travels on Kafka (JSON), current schema version. Checks everything
 * except the "not in the future" bound of `occurred_at` (see `validateEvent`).
 */
export const listeningEventSchema = z.discriminatedUnion('event_type', [playEventSchema, skipEventSchema, likeEventSchema, shareEventSchema]);

export type EventType = (typeof EVENT_TYPES)[number];
export type Platform = (typeof PLATFORMS)[number];
export type ShareChannel = (typeof SHARE_CHANNELS)[number];
export type Track = z.infer<typeof trackSchema>;
export type PlayEvent = z.infer<typeof playEventSchema>;
export type SkipEvent = z.infer<typeof skipEventSchema>;
export type LikeEvent = z.infer<typeof likeEventSchema>;
export type ShareEvent = z.infer<typeof shareEventSchema>;
export type ListeningEvent = z.infer<typeof listeningEventSchema>;
