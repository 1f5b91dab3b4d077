import { dayCount, type DayRange } from '@music/metrics-contract';

/**
 * Days of `range` on or after `first`, the first day a table holds (none when it holds nothing).
 * Days before it were never recorded: a comparison with them is not with days without listening.
 */
export function recordedDays(range: DayRange, first: string | undefined): number {
  if (first === undefined || first > range.to) return 0;
  return dayCount(first <= range.from ? range : { from: first, to: range.to });
}
