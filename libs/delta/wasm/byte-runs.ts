// AssemblyScript: copies and comparisons of short byte runs (values of a few to a few hundred
// bytes), 16 or 8 bytes a step. memory.copy is a call into the engine, dear for 20 bytes.
// The copy may write up to 15 bytes past the run and both may read past it: every block the
// encoder allocates has that much to spare.

export function copyBytes(to: usize, from: usize, length: usize): void {
  if (length > 256) {
    memory.copy(to, from, length);
    return;
  }
  for (let done: usize = 0; done < length; done += 16) v128.store(to + done, v128.load(from + done));
}

export function bytesEqual(a: usize, b: usize, length: usize): bool {
  let done: usize = 0;
  for (; done + 8 <= length; done += 8) if (load<u64>(a + done) != load<u64>(b + done)) return false;
  if (done == length) return true;
  const mask = (<u64>1 << (<u64>(length - done) << 3)) - 1;
  return ((load<u64>(a + done) ^ load<u64>(b + done)) & mask) == 0;
}

/** Negative, 0 or positive as [a, a + la) sorts before, with or after [b, b + lb), byte by byte (unsigned). */
export function compareBytes(a: usize, la: usize, b: usize, lb: usize): i32 {
  const common = la < lb ? la : lb;
  let done: usize = 0;
  for (; done + 8 <= common; done += 8) {
    const x = bswap(load<u64>(a + done));
    const y = bswap(load<u64>(b + done));
    if (x != y) return x < y ? -1 : 1;
  }
  for (; done < common; done++) {
    const x = load<u8>(a + done);
    const y = load<u8>(b + done);
    if (x != y) return x < y ? -1 : 1;
  }
  return la == lb ? 0 : la < lb ? -1 : 1;
}
