const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface CachedOffset {
  /** The offset holds for [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  offsetMs: number;
}

/**
 * Local wall-clock time in IANA zones, DST included. Asking Intl for every event would be slow, so
 * each zone's UTC offset is cached for the whole UTC day when it is the same at both ends of the
 * day (a zone changes offset at most once a day), else for the UTC hour: the zones listeners live
 * in (world-countries.ts) change offset on a UTC hour.
 */
export class LocalClock {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();
  private readonly cache = new Map<string, CachedOffset>();

  /** Milliseconds to add to a UTC instant to get the local wall-clock time in `zone`. */
  offsetMs(zone: string, utcMs: number): number {
    const cached = this.cache.get(zone);
    if (cached !== undefined && utcMs >= cached.fromMs && utcMs < cached.toMs) return cached.offsetMs;
    const day = utcMs - (((utcMs % DAY_MS) + DAY_MS) % DAY_MS);
    const atStart = this.computeOffset(zone, day);
    const entry =
      atStart === this.computeOffset(zone, day + DAY_MS - 1000)
        ? { fromMs: day, toMs: day + DAY_MS, offsetMs: atStart }
        : { fromMs: utcMs - (((utcMs % HOUR_MS) + HOUR_MS) % HOUR_MS), toMs: 0, offsetMs: 0 };
    if (entry.toMs === 0) {
      entry.toMs = entry.fromMs + HOUR_MS;
      entry.offsetMs = this.computeOffset(zone, entry.fromMs + HOUR_MS / 2);
    }
    this.cache.set(zone, entry);
    return entry.offsetMs;
  }

  /** Local hour of the day, 0–23. */
  localHour(zone: string, utcMs: number): number {
    const local = utcMs + this.offsetMs(zone, utcMs);
    return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  }

  /** Local day of the week, 0 = Monday … 6 = Sunday. */
  localWeekday(zone: string, utcMs: number): number {
    const local = utcMs + this.offsetMs(zone, utcMs);
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    return (((Math.floor(local / DAY_MS) + 3) % 7) + 7) % 7;
  }

  private computeOffset(zone: string, utcMs: number): number {
    let formatter = this.formatters.get(zone);
    if (formatter === undefined) {
      try {
        formatter = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
      } catch (error) {
        throw new Error(`unknown time zone ${JSON.stringify(zone)}`, { cause: error });
      }
      this.formatters.set(zone, formatter);
    }
    const parts: Record<string, number> = {};
    for (const part of formatter.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
    return asUtc - (utcMs - (utcMs % 1000));
  }
}
