import { compactEventScanner, SCANNED_MEMBERS, type CompactEventScanner } from './compact-event-scanner';

/** The members the scanner reads by their index (enums): an escape in one leaves its record out. */
const ENUM_MEMBERS = ['event_type', 'platform', 'channel'] as const;
const ENUM_ESCAPES = ENUM_MEMBERS.reduce((flags, name) => flags | (0x10000 << SCANNED_MEMBERS.indexOf(name)), 0);

/**
 * What the compact event scanner read of the records it accepted, kept as it lies so that a
 * writer can take the events' values as bytes without reading the JSON again (the bronze
 * Parquet encoder, libs/tables). For each kept record: the scanner's output slots
 * (`slotsPerRecord` i32: enum indexes, numbers, and (start, end) pairs of its strings, here
 * offsets into `values`) and the bytes of its text values.
 *
 * The scanner copies values as written: a value with an escape is decoded here (as the host
 * decodes it for the event) and its UTF-8 bytes kept instead. One store serves one call over
 * `recordCount` records (decodeEvents with `retain`), which says which record each kept row is.
 */
export class ScannedEventStore {
  readonly slotsPerRecord: number;
  private readonly scanner: CompactEventScanner;
  private readonly rowByRecord: Int32Array;
  private valuesBuffer: Uint8Array;
  private slotsBuffer: Int32Array;
  private valuesUsed = 0;
  private count = 0;
  /** Where the current scan's values begin in `values`, once one of its records is kept. */
  private chunkBase = -1;
  private readonly pairsFrom: number;
  private readonly pairsTo: number;

  /** `valueBytes`: room for the values to begin with (it grows as needed). */
  constructor(recordCount: number, valueBytes = 1 << 16) {
    const scanner = compactEventScanner();
    this.valuesBuffer = new Uint8Array(Math.max(1024, valueBytes));
    this.scanner = scanner;
    this.rowByRecord = new Int32Array(recordCount).fill(-1);
    this.slotsPerRecord = scanner.slots.record;
    this.slotsBuffer = new Int32Array(Math.max(256, recordCount) * this.slotsPerRecord);
    this.pairsFrom = scanner.slots.strings;
    this.pairsTo = scanner.slots.record;
  }

  /** The row kept for record `index` of the call, or -1. */
  rowOf(index: number): number {
    return this.rowByRecord[index] ?? -1;
  }

  /** Records kept. */
  get rows(): number {
    return this.count;
  }

  /** The kept records' text values. */
  get values(): Uint8Array {
    return this.valuesBuffer.subarray(0, this.valuesUsed);
  }

  /** The kept records' slots, `slotsPerRecord` each, string pairs pointing into `values`. */
  get slots(): Int32Array {
    return this.slotsBuffer.subarray(0, this.count * this.slotsPerRecord);
  }

  /** The scanner's slot layout (see compact-event-scanner.ts). */
  get layout(): CompactEventScanner['slots'] {
    return this.scanner.slots;
  }

  /** A new scan is in the scanner: its values are copied with the first record kept from it. */
  nextScan(): void {
    this.chunkBase = -1;
  }

  /** Keeps record `index`, at `scanRow` of the current scan (accepted); returns its row, or -1 when an enum holds an escape. */
  keep(scanRow: number, index: number): number {
    const { out, slots } = this.scanner;
    const at = scanRow * this.slotsPerRecord;
    const flags = out[at + slots.textFlags] as number;
    if ((flags & ENUM_ESCAPES) !== 0) return -1;
    if (this.chunkBase < 0) this.copyScanValues();
    const stride = this.slotsPerRecord;
    if ((this.count + 1) * stride > this.slotsBuffer.length) {
      const grown = new Int32Array(this.slotsBuffer.length * 2);
      grown.set(this.slotsBuffer);
      this.slotsBuffer = grown;
    }
    const to = this.count * stride;
    const target = this.slotsBuffer;
    for (let slot = 0; slot < this.pairsFrom; slot++) target[to + slot] = out[at + slot] as number;
    // Pairs of the copied members move with the values; the others (the enums) keep their scan offsets, unused.
    const base = this.chunkBase;
    for (let slot = this.pairsFrom; slot < this.pairsTo; slot++) target[to + slot] = (out[at + slot] as number) + base;
    if (flags >>> 16 !== 0) this.unescape(to, flags >>> 16);
    this.rowByRecord[index] = this.count;
    return this.count++;
  }

  /** Replaces each escaped string (bit m of `escaped`: member m) of the row at `to` by its decoded UTF-8 bytes, added after the values. */
  private unescape(to: number, escaped: number): void {
    const { memory, valuesOffset } = this.scanner;
    for (let member = 0; escaped !== 0; member++, escaped >>>= 1) {
      if ((escaped & 1) === 0) continue;
      const pair = to + this.pairsFrom + 2 * member;
      const start = (this.slotsBuffer[pair] as number) - this.chunkBase;
      const end = (this.slotsBuffer[pair + 1] as number) - this.chunkBase;
      const text = JSON.parse(`"${memory.utf8Slice(valuesOffset + start, valuesOffset + end)}"`) as string;
      this.reserveValues(3 * text.length);
      // A lone surrogate becomes U+FFFD, as any UTF-8 writer of the row does.
      const length = Buffer.from(this.valuesBuffer.buffer, this.valuesBuffer.byteOffset, this.valuesBuffer.byteLength).write(text, this.valuesUsed, 'utf8');
      this.slotsBuffer[pair] = this.valuesUsed;
      this.slotsBuffer[pair + 1] = this.valuesUsed + length;
      this.valuesUsed += length;
    }
  }

  private reserveValues(bytes: number): void {
    if (this.valuesUsed + bytes <= this.valuesBuffer.length) return;
    let size = this.valuesBuffer.length * 2;
    while (size < this.valuesUsed + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.valuesBuffer.subarray(0, this.valuesUsed));
    this.valuesBuffer = grown;
  }

  private copyScanValues(): void {
    const length = this.scanner.valuesLength();
    this.reserveValues(length);
    const from = this.scanner.valuesOffset;
    this.valuesBuffer.set(this.scanner.memory.subarray(from, from + length), this.valuesUsed);
    this.chunkBase = this.valuesUsed;
    this.valuesUsed += length;
  }
}
