import type { LiveResponse } from '@music/metrics-contract';

export interface LiveView {
  minutes: number;
  /** The window counted: from (inclusive) to (exclusive), ISO instants. */
  from: string;
  to: string;
  plays: number;
  events: number;
  /** Seconds between the newest event and the API's clock; null when bronze holds none today or yesterday. */
  newestAgeSeconds: number | null;
  perMinute: { minute: string; plays: number }[];
}

/** What the live tile shows of a GET /v1/live answer. Ages use the API's clock, not the browser's. */
export function liveView(body: LiveResponse): LiveView {
  return {
    minutes: body.minutes,
    from: body.from,
    to: body.to,
    plays: body.totals.plays,
    events: body.totals.events,
    newestAgeSeconds: body.newest_event_at === null ? null : (Date.parse(body.as_of) - Date.parse(body.newest_event_at)) / 1000,
    perMinute: body.series.map((m) => ({ minute: m.minute, plays: m.plays })),
  };
}
