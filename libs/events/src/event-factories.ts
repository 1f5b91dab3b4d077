import type { LikeEvent, PlayEvent, ShareEvent, SkipEvent, Track } from './event-schema';

/** Fields to change on a factory's event; `track` is merged field by field. */
export type EventOverrides<Event> = Partial<Omit<Event, 'event_type' | 'track'>> & { track?: Partial<Track> };

const TRACK: Track = {
  track_id: 'trk_0001',
  title: 'Clair de lune',
  artist_id: 'art_0001',
  artist_name: 'Claude Debussy',
  genre: 'classical',
  duration_ms: 300_000,
};

const ENVELOPE = {
  schema_version: 1,
  occurred_at: '2025-06-01T12:00:00.000Z',
  user_id: 'usr_0001',
  session_id: 'ses_0001',
  platform: 'ios',
  device: 'iPhone 15',
  country: 'FR',
  timezone: 'Europe/Paris',
  app_version: '4.12.0',
} as const;

// UUIDv7s whose time part is ENVELOPE.occurred_at.
const EVENT_IDS = {
  play: '01972b9c-4c00-7000-8000-000000000001',
  skip: '01972b9c-4c00-7000-8000-000000000002',
  like: '01972b9c-4c00-7000-8000-000000000003',
  share: '01972b9c-4c00-7000-8000-000000000004',
} as const;

function make<Event extends { track: Track }>(base: Event, overrides: EventOverrides<Event>): Event {
  const { track, ...rest } = overrides;
  return { ...base, ...rest, track: { ...base.track, ...track } };
}

/** The same valid play event on every call (a full listen of a 5-minute track), changed by `overrides`. */
export function makePlayEvent(overrides: EventOverrides<PlayEvent> = {}): PlayEvent {
  return make<PlayEvent>({ event_id: EVENT_IDS.play, ...ENVELOPE, track: TRACK, event_type: 'play', ms_played: 300_000, completed: true }, overrides);
}

export function makeSkipEvent(overrides: EventOverrides<SkipEvent> = {}): SkipEvent {
  return make<SkipEvent>({ event_id: EVENT_IDS.skip, ...ENVELOPE, track: TRACK, event_type: 'skip', ms_played: 12_345 }, overrides);
}

export function makeLikeEvent(overrides: EventOverrides<LikeEvent> = {}): LikeEvent {
  return make<LikeEvent>({ event_id: EVENT_IDS.like, ...ENVELOPE, track: TRACK, event_type: 'like' }, overrides);
}

export function makeShareEvent(overrides: EventOverrides<ShareEvent> = {}): ShareEvent {
  return make<ShareEvent>({ event_id: EVENT_IDS.share, ...ENVELOPE, track: TRACK, event_type: 'share', channel: 'whatsapp' }, overrides);
}
