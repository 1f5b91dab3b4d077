import { SeededRandom } from './seeded-random';
import { formatUuidV7, uuidV7, writeUuidV7 } from './uuid-v7';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('writes an RFC 9562 version 7 UUID whose first 48 bits are the instant', () => {
    const ms = Date.UTC(2025, 5, 1, 12, 0, 0, 123);
    const id = uuidV7(ms, new SeededRandom('u'));
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(uuidV7(0, new SeededRandom('u'))).toMatch(/^00000000-0000-7/);
    expect(uuidV7(2 ** 48 - 1, new SeededRandom('u'))).toMatch(/^ffffffff-ffff-7/);
  });

  it('is a function of the seed stream and the instant', () => {
    const ms = Date.UTC(2025, 0, 1);
    expect(uuidV7(ms, new SeededRandom('s'))).toBe(uuidV7(ms, new SeededRandom('s')));
    expect(uuidV7(ms, new SeededRandom('s'))).not.toBe(uuidV7(ms, new SeededRandom('t')));
  });

  it('does not repeat within one stream at the same millisecond and sorts by time', () => {
    const random = new SeededRandom('many');
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(uuidV7(1_700_000_000_000, random));
    expect(ids.size).toBe(100_000);
    const earlier = uuidV7(1_700_000_000_000, random);
    const later = uuidV7(1_700_000_000_001, random);
    expect(earlier < later).toBe(true);
  });

  it('writes into a buffer the text it formats, and uuidV7 is that text for the next three words', () => {
    const words = new SeededRandom('words');
    const target = Buffer.alloc(64);
    const edges = [0, 1, 0xffff, 0x10000, 2 ** 32 - 1, 2 ** 32, 2 ** 48 - 1];
    for (let i = 0; i < 20_000; i++) {
      const ms = i < edges.length ? (edges[i] as number) : Math.floor(words.next() * 2 ** 48);
      const a = i % 7 === 0 ? 0xffffffff : words.nextUint32();
      const b = i % 11 === 0 ? 0 : words.nextUint32();
      const c = words.nextUint32();
      const text = formatUuidV7(ms, a, b, c);
      expect(text).toMatch(UUID_V7);
      expect(writeUuidV7(target, 5, ms, a, b, c)).toBe(41);
      expect(target.toString('latin1', 5, 41)).toBe(text);
    }
    const draws = new SeededRandom('same');
    const again = new SeededRandom('same');
    expect(uuidV7(1_700_000_000_000, draws)).toBe(formatUuidV7(1_700_000_000_000, again.nextUint32(), again.nextUint32(), again.nextUint32()));
  });

  it('refuses instants it cannot encode', () => {
    expect(() => uuidV7(-1, new SeededRandom(1))).toThrow('UUIDv7 needs whole milliseconds');
    expect(() => uuidV7(1.5, new SeededRandom(1))).toThrow('got 1.5');
  });
});
