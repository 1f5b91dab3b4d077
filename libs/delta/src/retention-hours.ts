import { DeltaError } from './delta-errors';

const HOUR_MS = 3_600_000;

/**
 * A duration given in hours by a caller (VACUUM's and the log cleanup's retentions), in
 * milliseconds, or `fallbackMs` when not given; a negative or non-finite one is refused, naming
 * `what` and the value.
 */
export function hoursOrDefault(table: string, what: string, hours: number | undefined, fallbackMs: number): number {
  if (hours === undefined) return fallbackMs;
  const ms = hours * HOUR_MS;
  if (!Number.isFinite(ms) || ms < 0) throw new DeltaError(table, `${what} must be ≥ 0, got ${hours}`);
  return ms;
}
