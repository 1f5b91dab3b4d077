import { MALFORMED_CASES } from '@music/events/testing';
import { MalformedInjector } from './malformed-injector';

const draw = (injector: MalformedInjector, n: number) => Array.from({ length: n }, () => injector.next());

describe('MalformedInjector', () => {
  it('never injects at ratio 0', () => {
    expect(draw(new MalformedInjector(0, MALFORMED_CASES, 's'), 1_000).every((r) => r === undefined)).toBe(true);
  });

  it('injects at the ratio, every kind, with the case payload bytes and unique keys', () => {
    const injected = draw(new MalformedInjector(0.3, MALFORMED_CASES, 's'), 20_000).filter((r) => r !== undefined);
    expect(injected.length / 20_000).toBeCloseTo(0.3, 1);
    expect(new Set(injected.map((r) => r?.kind)).size).toBe(MALFORMED_CASES.length);
    for (const bad of injected.slice(0, 200)) {
      const source = MALFORMED_CASES.find((c) => c.name === bad?.kind);
      const payload = typeof source?.payload === 'string' ? Buffer.from(source.payload, 'utf8') : Buffer.from(source?.payload ?? []);
      expect(bad?.record.value.equals(payload)).toBe(true);
    }
    expect(new Set(injected.map((r) => r?.record.key)).size).toBe(injected.length);
  });

  it('is deterministic for a seed', () => {
    const kinds = (seed: string) => draw(new MalformedInjector(0.1, MALFORMED_CASES, seed), 2_000).map((r) => r?.kind ?? '-');
    expect(kinds('a')).toEqual(kinds('a'));
    expect(kinds('a')).not.toEqual(kinds('b'));
  });

  it('rejects an impossible ratio or no kinds to send', () => {
    expect(() => new MalformedInjector(1, MALFORMED_CASES, 's')).toThrow('in [0, 1), got 1');
    expect(() => new MalformedInjector(0.1, [], 's')).toThrow('at least one malformed payload kind');
  });
});
