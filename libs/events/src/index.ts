export {
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  LIMITS,
  PLATFORMS,
  SHARE_CHANNELS,
  isRealUtcInstant,
  likeEventSchema,
  listeningEventSchema,
  occurredAtSchema,
  playEventSchema,
  shareEventSchema,
  skipEventSchema,
  trackSchema,
  type EventType,
  type LikeEvent,
  type ListeningEvent,
  type Platform,
  type PlayEvent,
  type ShareChannel,
  type ShareEvent,
  type SkipEvent,
  type Track,
} from './event-schema';
export { COUNTRY_CODES } from './countries';
export { isIanaTimeZone } from './time-zones';
export { newEventId } from './event-id';
export { MISSING, formatIssues, type ValidationIssue, type ValidationResult } from './validation-issue';
export { validateEvent, type ValidateOptions } from './event-validation';
export { EventVersionChain, type EventVersionsDefinition, type OlderEventVersion } from './event-upgrade';
export { LISTENING_EVENT_VERSIONS } from './event-versions';
export { EVENT_HEADERS, JSON_CONTENT_TYPE, decodeEvent, encodeEvent, type EncodedEvent, type KafkaHeaders } from './kafka-codec';
export { LISTENING_EVENT_JSON_SCHEMA_PATH, listeningEventJsonSchema, renderListeningEventJsonSchema } from './json-schema-export';
export { decodeEvents, type DecodableRecord, type DecodeEventsOptions } from './event-batch-decoder';
export { compactEventScanner, SCANNED_MEMBERS, SCAN_INPUT_BYTES, SCAN_RECORDS, type CompactEventScanner } from './compact-event-scanner';
export { scanCompactEventChunks, type ScanWindow, type ScannedChunk } from './compact-event-chunks';
export { ScannedEventStore } from './scanned-event-store';
