import type { EventType } from '@music/events';
import type { OutgoingRecord } from './event-sink';

type Headers = Readonly<Record<string, string>>;

const NEWLINE = 0x0a;
const FIRST_SLAB_BYTES = 64 * 1024;
const MAX_SLAB_BYTES = 4 * 1024 * 1024;

/**
 * Records to send together, stored by column instead of one object per record: values are laid
 * out back to back in a few large buffers, each followed by a newline, so the NDJSON sink writes
 * the buffers as they are and Kafka adapters build exactly one message object per record. Also
 * what the records hold, for the manifest once they are delivered.
 *
 * Buffers are never reused: a Kafka client may hold the values until they are acknowledged.
 */
export class RecordBatch {
  readonly keys: string[] = [];
  readonly headers: Headers[] = [];
  /** `event_id` of every valid event (empty when ids are not collected). */
  readonly eventIds: string[] = [];
  readonly eventsByType: Record<EventType, number> = { play: 0, skip: 0, like: 0, share: 0 };
  /** Kind of every malformed record. */
  readonly malformedKinds: string[] = [];
  /** Sum of the values' sizes (newlines excluded). */
  bytes = 0;
  firstOccurredAt: string | undefined;
  lastOccurredAt: string | undefined;

  private readonly sealed: Buffer[] = [];
  /** Index of the first record of each buffer, in order (the current buffer's last). */
  private readonly firstRecordOf: number[] = [];
  /** Where each value ends in its buffer; it starts after the previous value's newline, or at 0. */
  private readonly ends: number[] = [];
  private slab: Buffer | undefined;
  private used = 0;
  private nextSlabBytes = FIRST_SLAB_BYTES;

  get length(): number {
    return this.keys.length;
  }

  /** Where the next value goes: a buffer with at least `bytes` free from `offset`. */
  writeTarget(bytes: number): Buffer {
    if (this.slab === undefined || this.slab.length - this.used < bytes) {
      if (this.slab !== undefined && this.used > 0) this.sealed.push(this.slab.subarray(0, this.used));
      const size = Math.max(bytes, this.nextSlabBytes);
      this.slab = Buffer.allocUnsafe(size);
      this.used = 0;
      if (this.firstRecordOf.length > this.sealed.length) this.firstRecordOf.pop();
      this.firstRecordOf.push(this.keys.length);
      this.nextSlabBytes = Math.min(MAX_SLAB_BYTES, size * 2);
    }
    return this.slab;
  }

  /** Offset in `writeTarget()`'s buffer where the next value starts. */
  get offset(): number {
    return this.used;
  }

  /** Records the `size` bytes just written at `offset` as the next record's value. */
  commit(key: string, headers: Headers, size: number): void {
    const slab = this.slab;
    if (slab === undefined || this.used + size + 1 > slab.length) throw new Error(`a ${size}-byte value does not fit where it was written`);
    slab[this.used + size] = NEWLINE;
    this.keys.push(key);
    this.headers.push(headers);
    this.ends.push(this.used + size);
    this.used += size + 1;
    this.bytes += size;
  }

  /** Appends a record by copying its value. */
  add(key: string, headers: Headers, value: Uint8Array): void {
    const target = this.writeTarget(value.length + 1);
    target.set(value, this.used);
    this.commit(key, headers, value.length);
  }

  /** Record `i`'s value (a view, not a copy). */
  value(i: number): Buffer {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`no record #${i} in a batch of ${this.length}`);
    let buffer = this.firstRecordOf.length - 1;
    while ((this.firstRecordOf[buffer] as number) > i) buffer--;
    const slab = buffer === this.sealed.length ? (this.slab as Buffer) : (this.sealed[buffer] as Buffer);
    const start = i === this.firstRecordOf[buffer] ? 0 : (this.ends[i - 1] as number) + 1;
    return slab.subarray(start, this.ends[i]);
  }

  /** The values as NDJSON: each value followed by a newline, in record order. */
  ndjsonChunks(): Buffer[] {
    return this.slab === undefined || this.used === 0 ? [...this.sealed] : [...this.sealed, this.slab.subarray(0, this.used)];
  }

  /** One object per record, as Kafka clients take them. */
  toRecords(): OutgoingRecord[] {
    const records: OutgoingRecord[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) records[i] = { key: this.keys[i] as string, value: this.value(i), headers: this.headers[i] as Headers };
    return records;
  }
}
