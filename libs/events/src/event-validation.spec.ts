import { LIMITS } from './event-schema';
import { validateEvent } from './event-validation';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';
import { MALFORMED_CASES } from './malformed-cases';
import { formatIssues, type ValidationIssue } from './validation-issue';

const NOW = Date.parse('2025-06-01T12:30:00.000Z');
const factories = { play: makePlayEvent, skip: makeSkipEvent, like: makeLikeEvent, share: makeShareEvent };

function issuesOf(input: unknown, now = NOW): ValidationIssue[] {
  const result = validateEvent(input, { now });
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)?.slice(0, 100)} to be refused`);
  return result.issues;
}

describe('validateEvent', () => {
  it.each(Object.entries(factories))('accepts a valid %s event as an object, a JSON string and UTF-8 bytes', (_type, make) => {
    const event = make();
    for (const input of [event, JSON.stringify(event), Buffer.from(JSON.stringify(event)), new TextEncoder().encode(JSON.stringify(event, null, 2))]) {
      expect(validateEvent(input, { now: NOW })).toEqual({ ok: true, event });
    }
  });

  it('has at least 20 distinct malformed kinds in the catalogue', () => {
    expect(new Set(MALFORMED_CASES.map((c) => c.name)).size).toBe(MALFORMED_CASES.length);
    expect(MALFORMED_CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(MALFORMED_CASES.map((c) => [c.name, c] as const))('refuses %s at the right path', (_name, malformed) => {
    const issues = issuesOf(malformed.payload);
    expect(issues[0]?.path).toBe(malformed.expectedPath);
    for (const issue of issues) {
      expect(issue.received.length).toBeLessThanOrEqual(81);
      expect(issue.message).toContain(`expected ${issue.expected}, received ${issue.received}`);
      expect(issue.expected).not.toMatch(/^Invalid|^Too (big|small)/);
    }
  });

  it('explains a bad value as path, expected and received', () => {
    const issues = issuesOf(makePlayEvent({ track: { duration_ms: -5 } }));
    expect(issues).toEqual([
      { path: 'track.duration_ms', expected: 'a number > 0', received: '-5', message: 'track.duration_ms: expected a number > 0, received -5' },
    ]);
    expect(formatIssues(issues)).toBe('track.duration_ms: expected a number > 0, received -5');
  });

  it('reports every faulty field at once, missing ones as (missing)', () => {
    const { user_id: _dropped, ...withoutUser } = makeSkipEvent({ ms_played: -1, country: 'XX' });
    const issues = issuesOf({ ...withoutUser, surprise: true });
    expect(issues.map((i) => i.path).sort()).toEqual(['country', 'ms_played', 'surprise', 'user_id']);
    expect(issues.find((i) => i.path === 'user_id')).toMatchObject({ expected: 'a string', received: '(missing)' });
    expect(formatIssues(issues).split('; ')).toHaveLength(4);
  });

  describe('occurred_at bounds, against an injected clock', () => {
    const at = (occurredAt: string, now: number) => validateEvent(makeLikeEvent({ occurred_at: occurredAt }), { now });

    it('allows up to one hour of client clock skew, not a millisecond more', () => {
      expect(at('2025-06-01T13:30:00.000Z', NOW).ok).toBe(true);
      const late = at('2025-06-01T13:30:00.001Z', NOW);
      expect(late.ok).toBe(false);
      expect(!late.ok && late.issues).toEqual([
        expect.objectContaining({ path: 'occurred_at', expected: "a time at most 1 hour after the reader's clock (latest 2025-06-01T13:30:00.000Z)" }),
      ]);
      // The same event becomes valid once the reader's clock has moved on.
      expect(at('2025-06-01T13:30:00.001Z', NOW + 1).ok).toBe(true);
    });

    it('refuses anything before 2000 whatever the clock', () => {
      expect(at('2000-01-01T00:00:00.000Z', NOW).ok).toBe(true);
      expect(at('1999-12-31T23:59:59.999Z', NOW).ok).toBe(false);
    });

    it('uses the wall clock when none is given', () => {
      const soon = new Date(Date.now() + 10 * 60_000).toISOString();
      const later = new Date(Date.now() + LIMITS.MAX_FUTURE_MS + 60_000).toISOString();
      expect(validateEvent(makeLikeEvent({ occurred_at: soon })).ok).toBe(true);
      expect(validateEvent(makeLikeEvent({ occurred_at: later })).ok).toBe(false);
    });

    it('reports a future time together with other faults', () => {
      const issues = issuesOf(makeLikeEvent({ occurred_at: '2030-01-01T00:00:00.000Z', device: '' }));
      expect(issues.map((i) => i.path)).toEqual(['device', 'occurred_at']);
    });
  });

  it('checks string limits to the character', () => {
    expect(validateEvent(makePlayEvent({ track: { title: 'é'.repeat(LIMITS.TITLE) } }), { now: NOW }).ok).toBe(true);
    expect(issuesOf(makePlayEvent({ track: { title: 'é'.repeat(LIMITS.TITLE + 1) } }))[0]?.path).toBe('track.title');
    expect(issuesOf(makePlayEvent({ user_id: 'u'.repeat(LIMITS.ID + 1) }))[0]?.path).toBe('user_id');
  });

  it('measures the 10 KB limit in UTF-8 bytes, before parsing', () => {
    const padded = (title: string) => JSON.stringify(makePlayEvent({ track: { title } }));
    // 300 × '😀' is 600 UTF-16 units but 1200 bytes: valid, and under the byte limit.
    expect(validateEvent(padded('😀'.repeat(150)), { now: NOW }).ok).toBe(true);
    const huge = `{"a":"${'é'.repeat(LIMITS.MAX_EVENT_BYTES / 2)}"}`; // ~5 k characters, ~10 k bytes
    expect(huge.length).toBeLessThan(LIMITS.MAX_EVENT_BYTES);
    expect(issuesOf(huge)[0]).toMatchObject({ path: '', received: `${Buffer.byteLength(huge)} bytes` });
    // Not even valid JSON: the size is what is reported, so nothing was parsed.
    expect(issuesOf(`[${'1,'.repeat(LIMITS.MAX_EVENT_BYTES)}`)[0]?.expected).toBe(`a payload of at most ${LIMITS.MAX_EVENT_BYTES} bytes`);
  });

  it('never lets a __proto__ key reach Object.prototype', () => {
    const payload = `{"__proto__":{"polluted":true},${JSON.stringify(makePlayEvent()).slice(1)}`;
    expect(issuesOf(payload).map((i) => i.path)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const withoutKey = validateEvent(JSON.parse(`{"__proto__":{"polluted":true}}`), { now: NOW });
    expect(withoutKey.ok).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('returns issues instead of throwing for hostile non-JSON values', () => {
    const cyclic: Record<string, unknown> = { ...makePlayEvent() };
    cyclic['track'] = cyclic;
    const throwing = Object.defineProperty({ ...makePlayEvent() }, 'user_id', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    const hostile: unknown[] = [undefined, Symbol('s'), 10n, () => 1, cyclic, throwing, proxy, new Map(), new Date(), Object.create(null), NaN];
    for (const input of hostile) {
      const result = validateEvent(input, { now: NOW });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    }
    expect(issuesOf(throwing)[0]).toMatchObject({ path: '', received: '(unreadable value)' });
  });

  it('does not hand back the caller’s object, so later changes to it do not leak in', () => {
    const input = makePlayEvent();
    const result = validateEvent(input, { now: NOW });
    expect(result.ok && result.event).not.toBe(input);
  });
});
