import type { ByteRange } from './object-store';
import { StorageError } from './storage-errors';

/**
 * `start` and `end` are non-negative integers with start <= end. A range reaching past the end
 * of the object is cut at its end (as HTTP Range does), so it can come back shorter or empty.
 */
export function assertValidRange(range: ByteRange, objectUri: string): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new StorageError('getRange', objectUri, `invalid byte range [${start}, ${end}): expected integers 0 <= start <= end`);
  }
}
