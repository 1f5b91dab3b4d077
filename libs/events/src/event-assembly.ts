import { CURRENT_SCHEMA_VERSION, type ListeningEvent, type Platform, type ShareChannel, type Track } from './event-schema';

const CURRENT_VERSION = CURRENT_SCHEMA_VERSION;

/**
 * The event of `eventType` from parts the fast decoders have already checked. One literal per
 * type, keys in the schema's order (the order zod outputs), so that re-encoding a decoded event
 * gives the bytes zod's output would. The members of other types are ignored.
 */
export function assembleEvent(
  eventType: 'play' | 'skip' | 'like' | 'share',
  eventId: string,
  occurredAt: string,
  userId: string,
  sessionId: string,
  track: Track,
  platform: Platform,
  device: string,
  country: string,
  timezone: string,
  appVersion: string,
  msPlayed: number,
  completed: boolean,
  channel: ShareChannel,
): ListeningEvent {
  switch (eventType) {
    case 'play':
      return {
        event_id: eventId,
        schema_version: CURRENT_VERSION,
        occurred_at: occurredAt,
        user_id: userId,
        session_id: sessionId,
        track,
        platform,
        device,
        country,
        timezone,
        app_version: appVersion,
        event_type: 'play',
        ms_played: msPlayed,
        completed,
      };
    case 'skip':
      return {
        event_id: eventId,
        schema_version: CURRENT_VERSION,
        occurred_at: occurredAt,
        user_id: userId,
        session_id: sessionId,
        track,
        platform,
        device,
        country,
        timezone,
        app_version: appVersion,
        event_type: 'skip',
        ms_played: msPlayed,
      };
    case 'like':
      return {
        event_id: eventId,
        schema_version: CURRENT_VERSION,
        occurred_at: occurredAt,
        user_id: userId,
        session_id: sessionId,
        track,
        platform,
        device,
        country,
        timezone,
        app_version: appVersion,
        event_type: 'like',
      };
    case 'share':
      return {
        event_id: eventId,
        schema_version: CURRENT_VERSION,
        occurred_at: occurredAt,
        user_id: userId,
        session_id: sessionId,
        track,
        platform,
        device,
        country,
        timezone,
        app_version: appVersion,
        event_type: 'share',
        channel,
      };
  }
}
