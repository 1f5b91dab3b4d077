import { UUID_V7 } from './event-schema';
import { newEventId } from './event-id';

describe('newEventId', () => {
  it('writes the time in the first 48 bits and the version and variant bits', () => {
    const ms = Date.parse('2025-06-01T12:00:00.000Z');
    const id = newEventId(ms, new Uint8Array(10).fill(0xff));
    expect(id).toBe(`${ms.toString(16).padStart(12, '0').replace(/^(.{8})(.{4})$/, '$1-$2')}-7fff-bfff-ffffffffffff`);
    expect(id).toMatch(UUID_V7);
    expect(newEventId(ms, new Uint8Array(10))).toBe(`${id.slice(0, 13)}-7000-8000-000000000000`);
  });

  it('gives unique, time-ordered ids from the random pool', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newEventId(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    const times = ids.map((id) => id.slice(0, 13));
    expect([...times].sort()).toEqual(times);
  });

  it('refuses times and random bytes it cannot encode', () => {
    expect(() => newEventId(-1)).toThrow('time must be whole milliseconds');
    expect(() => newEventId(2 ** 48)).toThrow('time must be whole milliseconds');
    expect(() => newEventId(0, new Uint8Array(4))).toThrow('needs 10 random bytes');
  });
});
