import type { SeededRandom } from './seeded-random';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex16(value: number): string {
  return (HEX[(value >>> 8) & 0xff] as string) + (HEX[value & 0xff] as string);
}

function hex32(value: number): string {
  return hex16(value >>> 16) + hex16(value & 0xffff);
}

/**
 * RFC 9562 UUIDv7: the 48-bit Unix time in ms, then 74 bits drawn from `random`. With a seeded
 * generator the id is a pure function of the seed, the draw order and the instant, so a replay
 * of the same simulation yields the same ids (downstream deduplication relies on that).
 */
export function uuidV7(unixMs: number, random: SeededRandom): string {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs >= 2 ** 48) throw new Error(`UUIDv7 needs whole milliseconds in [0, 2^48), got ${unixMs}`);
  const high = Math.floor(unixMs / 0x10000);
  const low = unixMs % 0x10000;
  const a = random.nextUint32();
  const b = random.nextUint32();
  const c = random.nextUint32();
  return (
    hex32(high) +
    '-' +
    hex16(low) +
    '-7' +
    (HEX[(a >>> 8) & 0x0f] as string).charAt(1) +
    (HEX[a & 0xff] as string) +
    '-' +
    hex16(0x8000 | ((a >>> 12) & 0x3fff)) +
    '-' +
    hex16(b & 0xffff) +
    hex32(c)
  );
}
