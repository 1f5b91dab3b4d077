import { formatDate, type Snapshot } from '@music/delta';
import type { DataDays } from '@music/metrics-contract';

/** Per snapshot (one per table version) and column: a request resolving a range preset does not walk the files again. */
const computed = new WeakMap<Snapshot, Map<string, DataDays | undefined>>();

/** First and last value of a `date` partition column among the live files; undefined when there is no file. */
export function partitionDays(snapshot: Snapshot, column: string): DataDays | undefined {
  let byColumn = computed.get(snapshot);
  if (!byColumn) computed.set(snapshot, (byColumn = new Map()));
  if (byColumn.has(column)) return byColumn.get(column);
  let first: number | undefined;
  let last: number | undefined;
  for (const file of snapshot.files) {
    const value = file.partitionValues[column];
    if (typeof value !== 'number') continue;
    if (first === undefined || value < first) first = value;
    if (last === undefined || value > last) last = value;
  }
  const days = first === undefined || last === undefined ? undefined : { first: formatDate(first), last: formatDate(last) };
  byColumn.set(column, days);
  return days;
}
