import type { TimeseriesResponse } from '@music/metrics-contract';

/** Totals and peak of a daily series, for its text summary. */
export function seriesSummary(series: TimeseriesResponse['series']): { streams: number; plays: number; peak: { day: string; streams: number } | null } {
  let streams = 0;
  let plays = 0;
  let peak: { day: string; streams: number } | null = null;
  for (const point of series) {
    streams += point.streams;
    plays += point.plays;
    if (point.streams > 0 && (peak === null || point.streams > peak.streams)) peak = { day: point.day, streams: point.streams };
  }
  return { streams, plays, peak };
}
