import { z } from 'zod';
import { endpointQuery } from './query-params';

/** GET /v1/live: events per minute over the last minutes, read from bronze (what the ingest has written). */

export const LIVE_DEFAULT_MINUTES = 15;
export const LIVE_MAX_MINUTES = 60;
const MINUTES_ERROR = `expected an integer from 1 to ${LIVE_MAX_MINUTES}`;

export const liveQuery = endpointQuery('GET /v1/live', [], {
  minutes: z.coerce
    .number({ error: MINUTES_ERROR })
    .int({ error: MINUTES_ERROR })
    .min(1, { error: MINUTES_ERROR })
    .max(LIVE_MAX_MINUTES, { error: MINUTES_ERROR })
    .default(LIVE_DEFAULT_MINUTES)
    .describe(`Whole UTC minutes in the window, the current one included (1–${LIVE_MAX_MINUTES}, default ${LIVE_DEFAULT_MINUTES}).`),
});
export type LiveQuery = z.output<typeof liveQuery>;

const eventCounts = {
  events: z.number().int().describe('Distinct event_ids, every type.'),
  plays: z.number().int().describe('Distinct play events, whatever their length.'),
  skips: z.number().int().describe('Distinct skip events.'),
  likes: z.number().int().describe('Distinct like events.'),
  shares: z.number().int().describe('Distinct share events.'),
};

export const liveResponse = z.object({
  table: z.string().describe('The bronze table read.'),
  table_version: z.number().int().min(0).nullable().describe('Delta version of bronze the counts come from; null while the table does not exist.'),
  last_updated: z.iso.datetime().nullable().describe('Commit time of that version: when the ingest last wrote.'),
  as_of: z.iso.datetime().describe('When this answer was given (the server clock).'),
  minutes: z.number().int().describe('Minutes in the window.'),
  from: z.iso.datetime().describe('Start of the window (inclusive): the start of the oldest minute.'),
  to: z.iso.datetime().describe('End of the window (exclusive): the end of the current minute.'),
  newest_event_at: z.iso
    .datetime()
    .nullable()
    .describe("Latest occurred_at among today's and yesterday's (UTC) events in bronze; null when there is none. as_of − newest_event_at is the end-to-end freshness."),
  totals: z.object(eventCounts).describe('Over the whole window.'),
  series: z
    .array(z.object({ minute: z.iso.datetime().describe('Start of the UTC minute.'), ...eventCounts }))
    .describe('One entry per minute of the window, oldest first (0 when idle); an event counts in the minute of its occurred_at.'),
});
export type LiveResponse = z.output<typeof liveResponse>;
