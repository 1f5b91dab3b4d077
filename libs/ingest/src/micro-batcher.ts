export interface BatchLimits {
  /** Close the batch at this many records. */
  maxRecords: number;
  /** Close the batch at this many payload bytes. */
  maxBytes: number;
  /** Close the batch this long after its first record arrived (bounds freshness). */
  maxWaitMs: number;
}

export interface ClosedBatch<T> {
  records: T[];
  bytes: number;
  /** Why it closed: the size limits or the time limit (or a shutdown/rebalance drain). */
  reason: 'records' | 'bytes' | 'time' | 'drain';
  /** How long it stayed open, ms. */
  ageMs: number;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Accumulates records into micro-batches closed by size or by time, whichever comes first.
 * `onClose` receives each closed batch; the caller decides when it is written.
 */
export class MicroBatcher<T> {
  private records: T[] = [];
  private bytes = 0;
  private openedAt = 0;
  private timer: { cancel(): void } | undefined;

  constructor(
    private readonly limits: BatchLimits,
    private readonly onClose: (batch: ClosedBatch<T>) => void,
    private readonly clock: Clock = systemClock,
  ) {
    for (const [name, value] of Object.entries(limits)) {
      if (!(Number.isFinite(value) && value > 0)) throw new Error(`batch limit ${name} must be a number > 0, got ${String(value)}`);
    }
  }

  get size(): number {
    return this.records.length;
  }

  add(record: T, bytes: number): void {
    if (this.records.length === 0) {
      this.openedAt = this.clock.now();
      this.timer = this.clock.setTimeout(() => this.close('time'), this.limits.maxWaitMs);
    }
    this.records.push(record);
    this.bytes += bytes;
    if (this.records.length >= this.limits.maxRecords) this.close('records');
    else if (this.bytes >= this.limits.maxBytes) this.close('bytes');
  }

  /** Closes the open batch now, if it holds anything (shutdown, rebalance). */
  drain(): void {
    this.close('drain');
  }

  /** Drops the open batch without closing it (its records will be re-read from Kafka). */
  discard(): number {
    const dropped = this.records.length;
    this.reset();
    return dropped;
  }

  private close(reason: ClosedBatch<T>['reason']): void {
    if (this.records.length === 0) return;
    const batch: ClosedBatch<T> = { records: this.records, bytes: this.bytes, reason, ageMs: this.clock.now() - this.openedAt };
    this.reset();
    this.onClose(batch);
  }

  private reset(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.records = [];
    this.bytes = 0;
  }
}
