import { formatDate, type Snapshot } from '@music/delta';
import type { DataDays } from '@music/metrics-contract';

/** First and last value of a `date` partition column among the live files; undefined when there is no file. */
export function partitionDays(snapshot: Snapshot, column: string): DataDays | undefined {
  let first: number | undefined;
  let last: number | undefined;
  for (const file of snapshot.files) {
    const value = file.partitionValues[column];
    if (typeof value !== 'number') continue;
    if (first === undefined || value < first) first = value;
    if (last === undefined || value > last) last = value;
  }
  return first === undefined || last === undefined ? undefined : { first: formatDate(first), last: formatDate(last) };
}
