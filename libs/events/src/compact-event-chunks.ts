import { compactEventScanner, SCAN_INPUT_BYTES, SCAN_RECORDS, type CompactEventScanner } from './compact-event-scanner';
import { LIMITS } from './event-schema';

/** One scan of the scanner: which of the caller's values it holds, and how many it accepted. */
export interface ScannedChunk {
  readonly scanner: CompactEventScanner;
  /** Index in the caller's values of each record scanned, in scan order (`count` of them). */
  readonly indexes: Int32Array;
  readonly count: number;
  readonly accepted: number;
}

export interface ScanWindow {
  /** occurred_at must lie in [earliestMs, latestMs]. */
  earliestMs: number;
  latestMs: number;
}

const { MAX_EVENT_BYTES } = LIMITS;
const indexes = new Int32Array(SCAN_RECORDS);

/**
 * Runs the compact event scanner over `count` values (`valueAt(0)` …), up to SCAN_RECORDS
 * records (SCAN_INPUT_BYTES) a scan, and hands each scan to `onChunk` while the scanner's memory
 * holds it. Values that are not bytes, empty or longer than an event may be are never scanned:
 * the caller reads them another way. Returns how many values were scanned.
 */
export function scanCompactEventChunks(count: number, valueAt: (index: number) => unknown, window: ScanWindow, onChunk: (chunk: ScannedChunk) => void): number {
  const scanner = compactEventScanner();
  const { memory, inputOffset, starts } = scanner;
  let scanned = 0;
  let next = 0;
  while (next < count) {
    // Copy up to SCAN_RECORDS scannable values back to back.
    let records = 0;
    let bytes = 0;
    for (; next < count && records < SCAN_RECORDS; next++) {
      const value = valueAt(next);
      if (!(value instanceof Uint8Array) || value.length > MAX_EVENT_BYTES || value.length === 0) continue;
      if (bytes + value.length > SCAN_INPUT_BYTES && records > 0) break;
      starts[records] = bytes;
      memory.set(value, inputOffset + bytes);
      bytes += value.length;
      indexes[records] = next;
      records++;
    }
    starts[records] = bytes;
    if (records === 0) continue;
    const accepted = scanner.scan(records, window.earliestMs, window.latestMs);
    scanned += records;
    onChunk({ scanner, indexes, count: records, accepted });
  }
  return scanned;
}
