import { encodeEvent, LIMITS, validateEvent, type EncodedEvent, type ValidationIssue } from '@music/events';

export const MAX_BATCH_EVENTS = 1000;

export type EventResult =
  | { index: number; status: 'accepted'; event_id: string }
  | { index: number; status: 'rejected'; event_id?: string; issues: ValidationIssue[] };

export interface CheckedBatch {
  /** The accepted events, encoded for Kafka, in request order. */
  accepted: EncodedEvent[];
  results: EventResult[];
}

export interface BatchRules {
  now: number;
  /** Oldest accepted occurred_at, as an age in ms (clients may send late, but not ancient, events). */
  maxAgeMs: number;
}

/**
 * Checks each event of a collector request on its own: one bad event never sinks the others.
 * Size is measured on each event's canonical JSON (the body was already parsed).
 */
export function checkEventBatch(events: readonly unknown[], rules: BatchRules): CheckedBatch {
  const accepted: EncodedEvent[] = [];
  const results: EventResult[] = events.map((raw, index) => {
    const eventId = typeof raw === 'object' && raw !== null && typeof (raw as { event_id?: unknown }).event_id === 'string' ? (raw as { event_id: string }).event_id : undefined;
    const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
    if (bytes > LIMITS.MAX_EVENT_BYTES) {
      return reject(index, eventId, [issue('', `at most ${LIMITS.MAX_EVENT_BYTES} bytes of JSON`, `${bytes} bytes`)]);
    }
    const result = validateEvent(raw, { now: rules.now });
    if (!result.ok) return reject(index, eventId, result.issues);
    const oldest = rules.now - rules.maxAgeMs;
    if (Date.parse(result.event.occurred_at) < oldest) {
      return reject(index, eventId, [issue('occurred_at', `a time not before ${new Date(oldest).toISOString()} (the collector's oldest)`, JSON.stringify(result.event.occurred_at))]);
    }
    accepted.push(encodeEvent(result.event));
    return { index, status: 'accepted', event_id: result.event.event_id };
  });
  return { accepted, results };
}

/** Same shape and wording as the event library's issues. */
function issue(path: string, expected: string, received: string): ValidationIssue {
  return { path, expected, received, message: `${path === '' ? 'event' : path}: expected ${expected}, received ${received}` };
}

function reject(index: number, eventId: string | undefined, issues: ValidationIssue[]): EventResult {
  return eventId === undefined ? { index, status: 'rejected', issues } : { index, status: 'rejected', event_id: eventId, issues };
}
