import { validateEvent } from './event-validation';
import { fuzzPayloads, seededRandom } from './test-helpers/fuzz-payloads';
import { decodeEvent, type KafkaHeaders } from './kafka-codec';
import type { ValidationResult } from './validation-issue';

const NOW = Date.parse('2025-06-01T12:30:00.000Z');

/** Why a result is not a proper ValidationResult, or undefined when it is. */
function malformedResult(result: ValidationResult): string | undefined {
  if (result.ok) return typeof result.event === 'object' && result.event !== null ? undefined : 'ok without an event';
  if (result.issues.length === 0) return 'refused without an issue';
  for (const issue of result.issues) {
    if ([issue.path, issue.expected, issue.received, issue.message].some((field) => typeof field !== 'string')) return 'issue field that is not a string';
    if (issue.received.length > 81) return `received of ${issue.received.length} characters`;
  }
  return undefined;
}

function attempt(read: () => ValidationResult): string | undefined {
  try {
    return malformedResult(read());
  } catch (error) {
    return `threw ${String(error)}`;
  }
}

describe('fuzzing: readers never throw and always explain', () => {
  it.each([1, 2, 3])('validateEvent over 3,000 seeded payloads (seed %i)', (seed) => {
    const failures = fuzzPayloads(3_000, seed)
      .map((payload) => ({ payload, failure: attempt(() => validateEvent(payload, { now: NOW })) }))
      .filter((f) => f.failure !== undefined);
    expect(failures).toEqual([]);
  });

  it('decodeEvent over 3,000 payloads with random headers', () => {
    const random = seededRandom(99);
    const headerValues = [undefined, '1', '2', '0', 'play', 'skip', 'application/json', 'text/plain', '', Buffer.from([0xff, 0xfe]), Buffer.from('1')];
    const pick = () => headerValues[Math.floor(random() * headerValues.length)];
    const failures = fuzzPayloads(3_000, 4)
      .map((payload) => {
        const headers: KafkaHeaders = { 'schema-version': pick(), 'event-type': pick(), 'content-type': pick() };
        return { payload, headers, failure: attempt(() => decodeEvent(payload, headers, { now: NOW })) };
      })
      .filter((f) => f.failure !== undefined);
    expect(failures).toEqual([]);
  });

  it('already-parsed random values are refused with an issue', () => {
    const random = seededRandom(5);
    const failures: unknown[] = [];
    for (let i = 0; i < 2_000; i++) {
      const text = fuzzPayloads(1, Math.floor(random() * 1e9))[0] as string | Uint8Array;
      let value: unknown;
      try {
        value = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
      } catch {
        continue;
      }
      const failure = attempt(() => validateEvent(value, { now: NOW }));
      if (failure !== undefined) failures.push({ value, failure });
    }
    expect(failures).toEqual([]);
  });
});
