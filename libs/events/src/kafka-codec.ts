import { CURRENT_SCHEMA_VERSION, type ListeningEvent } from './event-schema';
import { readEvent, type ValidateOptions } from './event-validation';
import { LISTENING_EVENT_VERSIONS } from './event-versions';
import { previewValue } from './value-preview';
import { validationIssue, type ValidationIssue, type ValidationResult } from './validation-issue';

/** Kafka header names set by `encodeEvent` and checked by `decodeEvent`. */
export const EVENT_HEADERS = {
  schemaVersion: 'schema-version',
  eventType: 'event-type',
  contentType: 'content-type',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/** A Kafka record: key (partitioning by user keeps each listener's events in order), value, headers. */
export interface EncodedEvent {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Header values as Kafka clients hand them over (kafkajs gives Buffers). */
export type KafkaHeaders = Readonly<Record<string, string | Uint8Array | undefined>>;

/**
 * Serialises an event for Kafka as compact JSON. It does not validate: events built by typed
 * code are trusted here, and readers validate everything they consume anyway.
 */
export function encodeEvent(event: ListeningEvent): EncodedEvent {
  return {
    key: event.user_id,
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    headers: {
      [EVENT_HEADERS.schemaVersion]: String(event.schema_version),
      [EVENT_HEADERS.eventType]: event.event_type,
      [EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE,
    },
  };
}

/**
 * Reads one Kafka record value (with its headers, when the client has them) as a listening event
 * of the current version. Never throws: every problem, including a null value (tombstone), a bad
 * header or headers that contradict the body, comes back as issues.
 */
export function decodeEvent<Event extends { occurred_at: string; event_type: string } = ListeningEvent>(
  value: Uint8Array | string | null | undefined,
  headers: KafkaHeaders = {},
  options: ValidateOptions<Event> = {},
): ValidationResult<Event> {
  return decodeRecord(value, headers, options, true);
}

/**
 * `decodeEvent`, with or without the scanner's fast path. The batch decoder's fallback runs
 * without: the scanner's memory still holds the rest of its batch.
 */
export function decodeRecord<Event extends { occurred_at: string; event_type: string } = ListeningEvent>(
  value: Uint8Array | string | null | undefined,
  headers: KafkaHeaders = {},
  options: ValidateOptions<Event> = {},
  fastPath: boolean,
): ValidationResult<Event> {
  if (value === null || value === undefined) {
    return { ok: false, issues: [validationIssue('', 'a JSON listening event', String(value), 'an empty Kafka record, e.g. a tombstone')] };
  }
  const declared = readHeaders(headers);
  if (declared.issues !== undefined) return { ok: false, issues: declared.issues };
  if (declared.schemaVersion !== undefined) {
    // A version this reader does not know is refused from the header alone: nothing in such a
    // body can be trusted to mean what this reader thinks.
    const chain = options.versions ?? LISTENING_EVENT_VERSIONS;
    const known = chain.checkVersion(declared.schemaVersion, `headers.${EVENT_HEADERS.schemaVersion}`);
    if (typeof known !== 'number') return { ok: false, issues: [known] };
  }
  const { result, sourceVersion } = readEvent(value, options, fastPath);
  if (!result.ok) return result;
  const versionMismatch = declared.schemaVersion !== undefined && sourceVersion !== undefined && declared.schemaVersion !== sourceVersion;
  const typeMismatch = declared.eventType !== undefined && declared.eventType !== result.event.event_type;
  if (!versionMismatch && !typeMismatch) return result;
  const mismatches: ValidationIssue[] = [];
  if (versionMismatch) {
    mismatches.push(validationIssue(`headers.${EVENT_HEADERS.schemaVersion}`, `${sourceVersion} (the body's schema_version)`, String(declared.schemaVersion)));
  }
  if (typeMismatch) {
    mismatches.push(validationIssue(`headers.${EVENT_HEADERS.eventType}`, `${result.event.event_type} (the body's event_type)`, previewValue(declared.eventType)));
  }
  return { ok: false, issues: mismatches };
}

interface DeclaredHeaders {
  schemaVersion: number | undefined;
  eventType: string | undefined;
  /** Undefined when the headers hold no problem (no array per record on the common path). */
  issues: ValidationIssue[] | undefined;
}

function readHeaders(headers: KafkaHeaders): DeclaredHeaders {
  const declared: DeclaredHeaders = { schemaVersion: undefined, eventType: undefined, issues: undefined };
  const contentType = headerText(headers, EVENT_HEADERS.contentType, declared);
  if (contentType !== undefined && contentType !== JSON_CONTENT_TYPE && contentType.split(';')[0]?.trim().toLowerCase() !== JSON_CONTENT_TYPE) {
    (declared.issues ??= []).push(validationIssue(`headers.${EVENT_HEADERS.contentType}`, JSON_CONTENT_TYPE, previewValue(contentType)));
  }
  const version = headerText(headers, EVENT_HEADERS.schemaVersion, declared);
  if (version !== undefined) {
    if (version === CURRENT_VERSION_TEXT) declared.schemaVersion = CURRENT_SCHEMA_VERSION;
    else if (/^\d{1,9}$/.test(version)) declared.schemaVersion = Number(version);
    else (declared.issues ??= []).push(validationIssue(`headers.${EVENT_HEADERS.schemaVersion}`, 'a schema version number such as 1', previewValue(version)));
  }
  declared.eventType = headerText(headers, EVENT_HEADERS.eventType, declared);
  return declared;
}

const CURRENT_VERSION_TEXT = String(CURRENT_SCHEMA_VERSION);

function headerText(headers: KafkaHeaders, name: string, declared: DeclaredHeaders): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(headers, name)) return undefined;
  const raw: unknown = headers[name];
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  (declared.issues ??= []).push(validationIssue(`headers.${name}`, 'a text header', previewValue(raw)));
  return undefined;
}
