const DAY_MS = 86_400_000;
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const ZERO = 0x30;
const COLON = 0x3a;
const DOT = 0x2e;
const Z = 0x5a;

/**
 * `Date#toISOString` for a stream of nearby whole-millisecond instants: the date part is
 * formatted once per UTC day and the time of day with integer arithmetic (a floating-point
 * remainder is a slow library call), as a string or straight into a buffer.
 */
export class UtcTimestampFormatter {
  private dayStart = NaN;
  private datePrefix = '';
  private readonly datePrefixBytes = new Uint8Array(11);
  /** False for days whose year does not have 4 digits: toISOString writes those differently. */
  private plainDay = false;

  format(unixMs: number): string {
    const offset = this.offsetInDay(unixMs);
    if (offset < 0) return new Date(unixMs).toISOString();
    const seconds = (offset / 1000) | 0;
    const minutes = (seconds / 60) | 0;
    const hours = (minutes / 60) | 0;
    return `${this.datePrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes - hours * 60]}:${TWO_DIGITS[seconds - minutes * 60]}.${THREE_DIGITS[offset - seconds * 1000]}Z`;
  }

  /** Writes `format(unixMs)` as ASCII bytes at `at`; returns the offset after them. */
  write(target: Uint8Array, at: number, unixMs: number): number {
    const offset = this.offsetInDay(unixMs);
    if (offset < 0) {
      const text = new Date(unixMs).toISOString();
      for (let i = 0; i < text.length; i++) target[at + i] = text.charCodeAt(i);
      return at + text.length;
    }
    target.set(this.datePrefixBytes, at);
    const seconds = (offset / 1000) | 0;
    const minutes = (seconds / 60) | 0;
    const hours = (minutes / 60) | 0;
    writeTwoDigits(target, at + 11, hours);
    target[at + 13] = COLON;
    writeTwoDigits(target, at + 14, minutes - hours * 60);
    target[at + 16] = COLON;
    writeTwoDigits(target, at + 17, seconds - minutes * 60);
    target[at + 19] = DOT;
    const millis = offset - seconds * 1000;
    const hundreds = (millis / 100) | 0;
    target[at + 20] = ZERO + hundreds;
    writeTwoDigits(target, at + 21, millis - hundreds * 100);
    target[at + 23] = Z;
    return at + 24;
  }

  /** Milliseconds since the UTC day's start, as an int32; -1 when toISOString must do the work. */
  private offsetInDay(unixMs: number): number {
    let offset = unixMs - this.dayStart;
    if (!(offset >= 0 && offset < DAY_MS)) {
      const date = new Date(unixMs);
      if (Number.isNaN(date.getTime())) return -1;
      this.dayStart = unixMs - (((unixMs % DAY_MS) + DAY_MS) % DAY_MS);
      const year = date.getUTCFullYear();
      this.plainDay = year >= 1000 && year <= 9999;
      if (this.plainDay) {
        this.datePrefix = date.toISOString().slice(0, 11);
        for (let i = 0; i < 11; i++) this.datePrefixBytes[i] = this.datePrefix.charCodeAt(i);
      }
      offset = unixMs - this.dayStart;
    }
    if (!this.plainDay || !Number.isInteger(offset)) return -1;
    return offset | 0;
  }
}

function writeTwoDigits(target: Uint8Array, at: number, value: number): void {
  const tens = (value / 10) | 0;
  target[at] = ZERO + tens;
  target[at + 1] = ZERO + value - tens * 10;
}
