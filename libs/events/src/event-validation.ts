import { CURRENT_SCHEMA_VERSION, LIMITS, UTC_MILLIS, isRealUtcInstant, type ListeningEvent } from './event-schema';
import { scanOneEvent } from './compact-event-reading';
import { asBuffer, oversizeIssue, parseJson, utf8Issue } from './event-payload';
import type { EventVersionChain } from './event-upgrade';
import { LISTENING_EVENT_VERSIONS } from './event-versions';
import { instantMillis } from './utc-millis';
import { previewValue } from './value-preview';
import { validationIssue, type ValidationIssue, type ValidationResult } from './validation-issue';

export interface ValidateOptions<Event = ListeningEvent> {
  /** The reader's clock, epoch milliseconds (default Date.now()): `occurred_at` may be at most 1 hour after it. */
  now?: number;
  /** The versions this reader knows (default: this library's). Tests pass chains with more versions. */
  versions?: EventVersionChain<Event>;
}

/** What a payload was read as: the result and the schema version it declared, when readable. */
export interface EventReading<Event> {
  result: ValidationResult<Event>;
  sourceVersion: number | undefined;
}

/**
 * Checks anything claimed to be a listening event and never throws. Strings and byte arrays are
 * raw JSON payloads (size-checked on their UTF-8 bytes, then parsed); any other value is taken as
 * already parsed JSON. Older schema versions are upgraded to the current one.
 */
export function validateEvent<Event extends { occurred_at: string } = ListeningEvent>(
  input: unknown,
  options: ValidateOptions<Event> = {},
): ValidationResult<Event> {
  return readEvent(input, options).result;
}

/**
 * `validateEvent`, also telling which version the payload declared (for the Kafka header check).
 * `fastPath`: let the WebAssembly scanner accept byte payloads of the current version first.
 */
export function readEvent<Event extends { occurred_at: string } = ListeningEvent>(
  input: unknown,
  options: ValidateOptions<Event> = {},
  fastPath = true,
): EventReading<Event> {
  try {
    return readUnsafely(input, options.now ?? Date.now(), options.versions, fastPath);
  } catch (error) {
    // Only hostile non-JSON inputs get here (throwing getters, proxies); JSON never does.
    const detail = error instanceof Error ? error.message : String(error);
    return failed([validationIssue('', 'a JSON value', '(unreadable value)', `reading it threw: ${detail}`)]);
  }
}

function readUnsafely<Event extends { occurred_at: string }>(
  input: unknown,
  now: number,
  versions: EventVersionChain<Event> | undefined,
  fastPath: boolean,
): EventReading<Event> {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const oversize = oversizeIssue(input);
    if (oversize !== undefined) return failed([oversize]);
    const bytes = typeof input === 'string' ? undefined : asBuffer(input);
    if (bytes !== undefined && fastPath && versions === undefined) {
      // The scanner reads strict UTF-8, so it needs no UTF-8 check of its own. Strings take the
      // full path: their UTF-8 bytes would hide a lone surrogate that JSON.parse keeps.
      const event = scanOneEvent(bytes, now);
      if (event !== undefined) return { result: { ok: true, event: event as unknown as Event }, sourceVersion: CURRENT_SCHEMA_VERSION };
    }
    const text = bytes === undefined ? (input as string) : bytes.toString('utf8');
    const badBytes = bytes === undefined ? undefined : utf8Issue(bytes);
    if (badBytes !== undefined) return failed([badBytes]);
    const parsed = parseJson(text);
    if (!parsed.ok) return failed([parsed.issue]);
    value = parsed.value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failed([validationIssue('', 'a JSON object (one listening event)', previewValue(value))]);
  }
  const payload = value as Readonly<Record<string, unknown>>;
  const chain = versions ?? (LISTENING_EVENT_VERSIONS as unknown as EventVersionChain<Event>);
  const version = chain.versionOf(payload);
  const result = chain.read(payload);
  const tooLate = futureIssue(payload, now);
  const sourceVersion = typeof version === 'number' ? version : undefined;
  if (tooLate === undefined) return { result, sourceVersion };
  const others = result.ok ? [] : result.issues.filter((issue) => issue.path !== 'occurred_at');
  return { result: { ok: false, issues: [...others, tooLate] }, sourceVersion };
}

/** The issue of an `occurred_at` that is well-formed but more than 1 hour after `now`. */
function futureIssue(payload: Readonly<Record<string, unknown>>, now: number): ValidationIssue | undefined {
  if (!Object.prototype.hasOwnProperty.call(payload, 'occurred_at')) return undefined;
  const occurredAt = payload['occurred_at'];
  if (typeof occurredAt !== 'string' || !UTC_MILLIS.test(occurredAt) || !isRealUtcInstant(occurredAt)) return undefined;
  const latest = now + LIMITS.MAX_FUTURE_MS;
  if (instantMillis(occurredAt) <= latest) return undefined;
  return validationIssue('occurred_at', `a time at most 1 hour after the reader's clock (latest ${new Date(latest).toISOString()})`, previewValue(occurredAt));
}

function failed<Event>(issues: ValidationIssue[]): EventReading<Event> {
  return { result: { ok: false, issues }, sourceVersion: undefined };
}
