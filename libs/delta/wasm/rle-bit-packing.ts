// AssemblyScript: Parquet's RLE / bit-packing hybrid (definition levels, dictionary indexes) and
// the unsigned varints of its headers.

export function writeVarint(to: usize, value: u32): usize {
  while (value >= 0x80) {
    store<u8>(to++, <u8>(value | 0x80));
    value >>= 7;
  }
  store<u8>(to++, <u8>value);
  return to;
}

/** Bits needed for values up to `max` (at least 1: some readers refuse a width of 0). */
export function bitWidthOf(max: u32): i32 {
  return max == 0 ? 1 : 32 - <i32>clz(max);
}

/** Packs `count` values (a multiple of 8; missing ones read as 0) of `width` bits, LSB first. */
function bitPack(to: usize, values: usize, count: i32, width: i32): usize {
  let buffer: u64 = 0;
  let bits: i32 = 0;
  for (let i = 0; i < count; i++) {
    buffer |= (<u64>load<u32>(values + (<usize>i << 2))) << <u64>bits;
    bits += width;
    while (bits >= 8) {
      store<u8>(to++, <u8>buffer);
      buffer >>= 8;
      bits -= 8;
    }
  }
  return to;
}

/** At most 63 groups of 8 per bit-packed run: a one-byte header, as parquet-mr writes them. */
const MAX_PACKED: i32 = 63 * 8;

function emitPacked(to: usize, values: usize, count: i32, width: i32): usize {
  let done = 0;
  while (done < count) {
    const n = count - done < MAX_PACKED ? count - done : MAX_PACKED;
    const groups = (n + 7) >> 3;
    to = writeVarint(to, (<u32>groups << 1) | 1);
    // The last group of the page may be short: its missing values must read as 0.
    for (let i = n; i < groups << 3; i++) store<u32>(values + (<usize>(done + i) << 2), 0);
    to = bitPack(to, values + (<usize>done << 2), groups << 3, width);
    done += n;
  }
  return to;
}

function emitRun(to: usize, value: u32, count: i32, width: i32): usize {
  to = writeVarint(to, <u32>count << 1);
  for (let b = 0; b < width; b += 8) store<u8>(to++, <u8>(value >> <u32>b));
  return to;
}

/**
 * Encodes `count` u32 values at `values` (with room for 8 more, which it may overwrite) as the
 * hybrid: runs of 8 or more equal values as RLE runs, the rest bit-packed. Returns the end.
 */
export function encodeHybrid(to: usize, values: usize, count: i32, width: i32): usize {
  let pending = 0; // start of the values not yet written, all bit-packed
  let i = 0;
  while (i < count) {
    const value = load<u32>(values + (<usize>i << 2));
    let j = i + 1;
    while (j < count && load<u32>(values + (<usize>j << 2)) == value) j++;
    if (j - i >= 8) {
      // Bit-packed runs hold multiples of 8: lend the run what the pending values lack.
      const fill = (8 - ((i - pending) & 7)) & 7;
      if (j - i - fill >= 8) {
        if (i + fill > pending) to = emitPacked(to, values + (<usize>pending << 2), i + fill - pending, width);
        to = emitRun(to, value, j - i - fill, width);
        pending = j;
      }
    }
    i = j;
  }
  if (pending < count) to = emitPacked(to, values + (<usize>pending << 2), count - pending, width);
  return to;
}

/** The largest encoding of `count` values of `width` bits. */
export function hybridMaxLength(count: i32, width: i32): usize {
  return <usize>((((count + 7) >> 3) * width) + ((count >> 3) + 2) * 5 + 16);
}
