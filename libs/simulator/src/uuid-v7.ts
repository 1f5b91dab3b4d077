import type { SeededRandom } from './seeded-random';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 0x2d;
const SEVEN = 0x37;
const MAX_MS = 2 ** 48;

function hex16(value: number): string {
  return (HEX[(value >>> 8) & 0xff] as string) + (HEX[value & 0xff] as string);
}

function hex32(value: number): string {
  return hex16(value >>> 16) + hex16(value & 0xffff);
}

/** Throws unless `unixMs` fits the 48-bit time field. */
export function checkUuidV7Time(unixMs: number): void {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs >= MAX_MS) throw new Error(`UUIDv7 needs whole milliseconds in [0, 2^48), got ${unixMs}`);
}

/**
 * RFC 9562 UUIDv7: the 48-bit Unix time in ms, then 74 bits drawn from `random`. With a seeded
 * generator the id is a pure function of the seed, the draw order and the instant, so a replay
 * of the same simulation yields the same ids (downstream deduplication relies on that).
 */
export function uuidV7(unixMs: number, random: SeededRandom): string {
  checkUuidV7Time(unixMs);
  const a = random.nextUint32();
  const b = random.nextUint32();
  const c = random.nextUint32();
  return formatUuidV7(unixMs, a, b, c);
}

/** The UUIDv7 text of an instant (checked by the caller) and three random 32-bit words drawn in that order. */
export function formatUuidV7(unixMs: number, a: number, b: number, c: number): string {
  const high = Math.floor(unixMs / 0x10000);
  const low = unixMs % 0x10000;
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

/**
 * Writes what formatUuidV7 returns as 36 ASCII bytes at `at` and returns the offset after them:
 * digit by digit, without building the string (half the cost in the producer's hot loop).
 */
export function writeUuidV7(target: Uint8Array, at: number, unixMs: number, a: number, b: number, c: number): number {
  const high = Math.floor(unixMs / 0x10000);
  // Integer operations only: a floating-point remainder is a slow library call.
  const low = (unixMs - high * 0x10000) | 0;
  writeHex(target, at, high >>> 0, 8);
  target[at + 8] = DASH;
  writeHex(target, at + 9, low, 4);
  target[at + 13] = DASH;
  target[at + 14] = SEVEN;
  writeHex(target, at + 15, a & 0xfff, 3);
  target[at + 18] = DASH;
  writeHex(target, at + 19, 0x8000 | ((a >>> 12) & 0x3fff), 4);
  target[at + 23] = DASH;
  writeHex(target, at + 24, b & 0xffff, 4);
  writeHex(target, at + 28, c >>> 0, 8);
  return at + 36;
}

/** `count` lower-case hex digits of the low 4 × count bits of `value` (an unsigned 32-bit integer). */
function writeHex(target: Uint8Array, at: number, value: number, count: number): void {
  for (let i = count - 1; i >= 0; i--) {
    target[at + i] = HEX_DIGITS[value & 0xf] as number;
    value >>>= 4;
  }
}
