import { validateEvent } from './event-validation';
import { MALFORMED_CASES, fuzzPayloads, makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './testing';

describe('testing helpers', () => {
  it('factories give the same valid event on every call', () => {
    for (const make of [makePlayEvent, makeSkipEvent, makeLikeEvent, makeShareEvent]) {
      expect(make()).toEqual(make());
      expect(validateEvent(make()).ok).toBe(true);
    }
    expect(new Set([makePlayEvent(), makeSkipEvent(), makeLikeEvent(), makeShareEvent()].map((e) => e.event_id)).size).toBe(4);
  });

  it('factories apply overrides, merging track fields', () => {
    const event = makePlayEvent({ user_id: 'usr_42', track: { title: 'Other' } });
    expect(event).toMatchObject({ user_id: 'usr_42', event_type: 'play', track: { title: 'Other', track_id: 'trk_0001' } });
    expect(makePlayEvent().track.title).toBe('Clair de lune');
  });

  it('the malformed catalogue has distinct kinds, raw strings or bytes', () => {
    expect(MALFORMED_CASES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(MALFORMED_CASES.map((c) => c.name)).size).toBe(MALFORMED_CASES.length);
    expect(new Set(MALFORMED_CASES.map((c) => (typeof c.payload === 'string' ? c.payload : Buffer.from(c.payload).toString('hex')))).size).toBe(MALFORMED_CASES.length);
    expect(MALFORMED_CASES.some((c) => c.payload instanceof Uint8Array)).toBe(true);
  });

  it('fuzz payloads are reproducible from their seed', () => {
    expect(fuzzPayloads(50, 9)).toEqual(fuzzPayloads(50, 9));
    expect(fuzzPayloads(50, 9)).not.toEqual(fuzzPayloads(50, 10));
  });
});
