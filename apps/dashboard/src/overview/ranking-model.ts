export interface RankedItem {
  key: string;
  label: string;
  streams: number;
  share: number | null;
  highlighted: boolean;
}

/**
 * The first `max` items of a ranking (already most streamed first), plus the highlighted one
 * (the filter in force) when it ranks further down.
 */
export function topItems<Row extends { streams: number; share_of_streams: number | null }>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  labelOf: (row: Row) => string,
  max: number,
  highlight?: string,
): RankedItem[] {
  const items = rows.map((row) => ({ key: keyOf(row), label: labelOf(row), streams: row.streams, share: row.share_of_streams, highlighted: keyOf(row) === highlight }));
  const shown = items.slice(0, max);
  const extra = items.slice(max).find((item) => item.highlighted);
  return extra ? [...shown, extra] : shown;
}
