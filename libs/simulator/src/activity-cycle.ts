import type { LocalClock } from './local-clock';

/**
 * Relative likelihood of starting a listening session at each local hour (0–23): a night trough,
 * a morning commute bump, a steady afternoon and the evening peak around 20:00–21:00.
 */
export const DEFAULT_HOURLY_PROFILE: readonly number[] = [
  0.45, 0.28, 0.16, 0.1, 0.08, 0.1, 0.25, 0.6, 0.85, 0.75, 0.7, 0.75, 0.85, 0.8, 0.75, 0.8, 0.9, 1.05, 1.3, 1.55, 1.7, 1.65, 1.3, 0.8,
];

/** Relative activity per local weekday, Monday first: more on Friday and Saturday. */
export const DEFAULT_WEEKDAY_PROFILE: readonly number[] = [0.92, 0.94, 0.96, 0.98, 1.06, 1.12, 1.02];

/**
 * Session-start intensity in a listener's local time: hourly × weekday multiplier. The profiles
 * are normalised to a mean of 1, so the configured sessions per user and day stay the average.
 */
export class ActivityCycle {
  private readonly hourly: Float64Array;
  private readonly weekday: Float64Array;
  /** The largest factor, the bound the session-arrival thinning accepts against. */
  readonly max: number;

  constructor(
    private readonly clock: LocalClock,
    hourlyProfile: readonly number[] = DEFAULT_HOURLY_PROFILE,
    weekdayProfile: readonly number[] = DEFAULT_WEEKDAY_PROFILE,
  ) {
    if (hourlyProfile.length !== 24) throw new Error(`the hourly profile needs 24 values, got ${hourlyProfile.length}`);
    if (weekdayProfile.length !== 7) throw new Error(`the weekday profile needs 7 values, got ${weekdayProfile.length}`);
    this.hourly = normalised(hourlyProfile, 'hourly');
    this.weekday = normalised(weekdayProfile, 'weekday');
    this.max = Math.max(...this.hourly) * Math.max(...this.weekday);
  }

  factor(zone: string, utcMs: number): number {
    return (this.hourly[this.clock.localHour(zone, utcMs)] as number) * (this.weekday[this.clock.localWeekday(zone, utcMs)] as number);
  }
}

function normalised(profile: readonly number[], name: string): Float64Array {
  if (profile.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new Error(`the ${name} profile must hold finite numbers >= 0`);
  const mean = profile.reduce((a, b) => a + b, 0) / profile.length;
  if (mean <= 0) throw new Error(`the ${name} profile must have at least one value > 0`);
  return Float64Array.from(profile, (v) => v / mean);
}
