import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(10 * 256);
let poolOffset = pool.length;

/**
 * A new lower-case UUIDv7 (RFC 9562) for `event_id`: 48 bits of Unix milliseconds, then random
 * bits, so ids sort by creation time. `random` (10 bytes) makes it deterministic for tests.
 */
export function newEventId(nowMs: number = Date.now(), random?: Uint8Array): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) throw new RangeError(`newEventId: time must be whole milliseconds in [0, 2^48), got ${nowMs}`);
  if (random !== undefined && random.length < 10) throw new RangeError(`newEventId: needs 10 random bytes, got ${random.length}`);
  let rand = random;
  if (rand === undefined) {
    if (poolOffset >= pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    rand = pool.subarray(poolOffset, poolOffset + 10);
    poolOffset += 10;
  }
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = 0x70 | ((rand[0] as number) & 0x0f);
  bytes[7] = rand[1] as number;
  bytes[8] = 0x80 | ((rand[2] as number) & 0x3f);
  bytes.set(rand.subarray(3, 10), 9);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
