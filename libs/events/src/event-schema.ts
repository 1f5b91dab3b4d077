import { z } from 'zod';
import { COUNTRY_CODES } from './countries';
import { isIanaTimeZone } from './time-zones';

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
  APP_VERSION: 32,
  /** Longest track we accept: 6 hours (DJ mixes, audiobooks chapters). */
  MAX_DURATION_MS: 6 * 60 * 60 * 1000,
  /** Events may not claim to happen more than this far in the future (clock skew allowance). */
  MAX_FUTURE_MS: 60 * 60 * 1000,
  /** Nothing happened on this platform before 2000-01-01T00:00:00Z. */
  MIN_OCCURRED_AT_MS: Date.UTC(2000, 0, 1),
} as const;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** RFC 3339 in UTC with exactly millisecond precision, e.g. 2026-11-24T18:05:09.123Z. */
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const APP_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

const boundedText = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be blank');

const identifier = z.string().max(LIMITS.ID, `must be at most ${LIMITS.ID} characters`).regex(ID, 'must be an identifier (letters, digits, _ . : -)');

/**
 * `occurred_at`: UTC instant with milliseconds. `now` is read at validation time; the bound on
 * the future protects aggregates from clients with a wrong clock.
 */
export const occurredAtSchema = z
  .string()
  .regex(UTC_MILLIS, 'must be a UTC timestamp with milliseconds, like 2026-11-24T18:05:09.123Z')
  .refine((s) => {
    const ms = Date.parse(s);
    return Number.isFinite(ms) && new Date(ms).toISOString() === s;
  }, 'must be a real calendar date and time')
  .refine((s) => Date.parse(s) >= LIMITS.MIN_OCCURRED_AT_MS, 'must not be before 2000-01-01T00:00:00.000Z')
  .refine((s) => Date.parse(s) <= Date.now() + LIMITS.MAX_FUTURE_MS, 'must not be more than 1 hour in the future');

export const trackSchema = z.strictObject({
  track_id: identifier,
  title: boundedText(LIMITS.TITLE),
  artist_id: identifier,
  artist_name: boundedText(LIMITS.NAME),
  genre: boundedText(LIMITS.GENRE),
  duration_ms: z.number().int('must be a whole number of milliseconds').positive('must be > 0').max(LIMITS.MAX_DURATION_MS, 'must be at most 6 hours'),
});

const envelope = {
  event_id: z.string().regex(UUID_V7, 'must be a lower-case UUIDv7'),
  schema_version: z.literal(CURRENT_SCHEMA_VERSION, { error: `must be ${CURRENT_SCHEMA_VERSION}` }),
  occurred_at: occurredAtSchema,
  user_id: identifier,
  session_id: identifier,
  track: trackSchema,
  platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(', ')}` }),
  device: boundedText(LIMITS.DEVICE),
  country: z.string().refine((c) => COUNTRY_CODES.has(c), 'must be an upper-case ISO 3166-1 alpha-2 country code'),
  timezone: z.string().max(64).refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  app_version: z.string().max(LIMITS.APP_VERSION).regex(APP_VERSION, 'must be a semantic version such as 4.12.0'),
};

const msPlayed = z.number().int('must be a whole number of milliseconds').min(0, 'must be >= 0').max(LIMITS.MAX_DURATION_MS, 'must be at most 6 hours');

export const playEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('play'),
  ms_played: msPlayed,
  completed: z.boolean(),
});

export const skipEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('skip'),
  ms_played: msPlayed,
});

export const likeEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('like'),
});

export const shareEventSchema = z.strictObject({
  ...envelope,
  event_type: z.literal('share'),
  channel: z.enum(SHARE_CHANNELS, { error: `must be one of ${SHARE_CHANNELS.join(', ')}` }),
});

/** A listening event as it travels on Kafka (JSON), current schema version. */
export const listeningEventSchema = z.discriminatedUnion(
  'event_type',
  [playEventSchema, skipEventSchema, likeEventSchema, shareEventSchema],
  { error: `event_type must be one of ${EVENT_TYPES.join(', ')}` },
);

export type EventType = (typeof EVENT_TYPES)[number];
export type Platform = (typeof PLATFORMS)[number];
export type ShareChannel = (typeof SHARE_CHANNELS)[number];
export type Track = z.infer<typeof trackSchema>;
export type PlayEvent = z.infer<typeof playEventSchema>;
export type SkipEvent = z.infer<typeof skipEventSchema>;
export type LikeEvent = z.infer<typeof likeEventSchema>;
export type ShareEvent = z.infer<typeof shareEventSchema>;
export type ListeningEvent = z.infer<typeof listeningEventSchema>;
