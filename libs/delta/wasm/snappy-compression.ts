// AssemblyScript: Snappy's block format (the "raw" format Parquet's SNAPPY codec stores), the
// compressing side only. The usual greedy compressor: 64 KB fragments, a table of 2^14 recent
// 4-byte sequences, and a skip that grows through incompressible input so that random bytes
// (identifiers, UUIDs) cost little.

import { copyBytes } from './byte-runs';

const HASH_BITS: u32 = 14;
const TABLE_ENTRIES: usize = 1 << HASH_BITS;
const FRAGMENT: usize = 1 << 16;
/** Input shorter than this is stored as one literal. */
const MIN_MATCH_INPUT: usize = 15;

/** Bytes the hash table needs (the caller provides them, so the module never allocates here). */
export const SNAPPY_TABLE_BYTES: usize = TABLE_ENTRIES << 1;

/** The most bytes `snappyCompress` writes for `length` bytes of input. */
export function snappyMaxLength(length: usize): usize {
  return 32 + length + length / 6;
}

@inline
function hashOf(bytes: u32): usize {
  return <usize>((bytes * 0x1e35a7bd) >> (32 - HASH_BITS));
}

function writeVarint(to: usize, value: usize): usize {
  while (value >= 0x80) {
    store<u8>(to++, <u8>(value | 0x80));
    value >>= 7;
  }
  store<u8>(to++, <u8>value);
  return to;
}

function emitLiteral(to: usize, from: usize, length: usize): usize {
  const n = length - 1;
  if (n < 60) {
    store<u8>(to++, <u8>(n << 2));
  } else if (n < 0x100) {
    store<u8>(to++, 60 << 2);
    store<u8>(to++, <u8>n);
  } else if (n < 0x10000) {
    store<u8>(to++, 61 << 2);
    store<u16>(to, <u16>n);
    to += 2;
  } else {
    store<u8>(to++, 62 << 2);
    store<u16>(to, <u16>n);
    store<u8>(to + 2, <u8>(n >> 16));
    to += 3;
  }
  copyBytes(to, from, length);
  return to + length;
}

/** A copy of `length` (4…64) bytes from `offset` (< 65536) back. */
@inline
function emitCopyUpTo64(to: usize, offset: usize, length: usize): usize {
  if (length < 12 && offset < 2048) {
    store<u8>(to, <u8>(1 | ((length - 4) << 2) | ((offset >> 8) << 5)));
    store<u8>(to + 1, <u8>offset);
    return to + 2;
  }
  store<u8>(to, <u8>(2 | ((length - 1) << 2)));
  store<u16>(to + 1, <u16>offset);
  return to + 3;
}

function emitCopy(to: usize, offset: usize, length: usize): usize {
  while (length >= 68) {
    to = emitCopyUpTo64(to, offset, 64);
    length -= 64;
  }
  if (length > 64) {
    to = emitCopyUpTo64(to, offset, 60);
    length -= 60;
  }
  return emitCopyUpTo64(to, offset, length);
}

/** How many bytes from `a` equal those from `b` (a < b), without reading at or past `end`. */
@inline
function matchLength(a: usize, b: usize, end: usize): usize {
  const start = b;
  while (b + 8 <= end) {
    const difference = load<u64>(a) ^ load<u64>(b);
    if (difference != 0) return b - start + <usize>(ctz(difference) >> 3);
    a += 8;
    b += 8;
  }
  while (b < end && load<u8>(a) == load<u8>(b)) {
    a++;
    b++;
  }
  return b - start;
}

function compressFragment(from: usize, length: usize, to: usize, table: usize): usize {
  const end = from + length;
  let nextEmit = from;
  if (length >= MIN_MATCH_INPUT) {
    memory.fill(table, 0, SNAPPY_TABLE_BYTES);
    const limit = end - MIN_MATCH_INPUT;
    let ip = from + 1;
    let nextHash = hashOf(load<u32>(ip));
    // Each pass: skip ahead to a 4-byte match, emit the literal before it, then the copies.
    while (true) {
      let skip: u32 = 32;
      let nextIp = ip;
      let candidate: usize = 0;
      let found = false;
      do {
        ip = nextIp;
        const hash = nextHash;
        nextIp = ip + <usize>(skip++ >> 5);
        if (nextIp > limit) break;
        nextHash = hashOf(load<u32>(nextIp));
        candidate = from + <usize>load<u16>(table + (hash << 1));
        store<u16>(table + (hash << 1), <u16>(ip - from));
        found = load<u32>(ip) == load<u32>(candidate);
      } while (!found);
      if (!found) break;
      to = emitLiteral(to, nextEmit, ip - nextEmit);
      let more = false;
      do {
        const matchStart = ip;
        const matched: usize = 4 + matchLength(candidate + 4, ip + 4, end);
        ip += matched;
        to = emitCopy(to, matchStart - candidate, matched);
        nextEmit = ip;
        if (ip >= limit) break;
        store<u16>(table + (hashOf(load<u32>(ip - 1)) << 1), <u16>(ip - 1 - from));
        const hash = hashOf(load<u32>(ip));
        candidate = from + <usize>load<u16>(table + (hash << 1));
        store<u16>(table + (hash << 1), <u16>(ip - from));
        more = load<u32>(ip) == load<u32>(candidate);
      } while (more);
      if (ip >= limit) break;
      ip++;
      nextHash = hashOf(load<u32>(ip));
    }
  }
  if (nextEmit < end) to = emitLiteral(to, nextEmit, end - nextEmit);
  return to;
}

/**
 * Compresses `length` bytes at `from` to `to` (room for snappyMaxLength(length) bytes), using
 * `table` (SNAPPY_TABLE_BYTES) as scratch. Returns the compressed length.
 */
export function snappyCompress(from: usize, length: usize, to: usize, table: usize): usize {
  const start = to;
  to = writeVarint(to, length);
  for (let done: usize = 0; done < length; done += FRAGMENT) {
    const size = length - done < FRAGMENT ? length - done : FRAGMENT;
    to = compressFragment(from + done, size, to, table);
  }
  return to - start;
}
