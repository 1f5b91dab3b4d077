import { z } from 'zod';
import { endpointQuery } from './query-params';

/** GET /v1/pipeline: the state of every lake table and how far each layer is behind the newest event. */

export const pipelineQuery = endpointQuery('GET /v1/pipeline', [], {});
export type PipelineQuery = z.output<typeof pipelineQuery>;

export const LAKE_LAYERS = ['bronze', 'silver', 'gold'] as const;
/** How many reasons for rejection /v1/pipeline lists. */
export const QUARANTINE_REASONS_LISTED = 8;
export type LakeLayer = (typeof LAKE_LAYERS)[number];

const eventFreshness = z.object({
  newest_event: z.iso.datetime().nullable().describe('Latest occurred_at in the table; null when it is empty or missing.'),
  lag_seconds: z.number().nullable().describe('generated_at − newest_event, in seconds (negative if a client clock runs ahead).'),
});

export const pipelineResponse = z.object({
  generated_at: z.iso.datetime().describe('When this answer was computed (the server clock).'),
  last_updated: z.iso.datetime().nullable().describe('Latest commit time among the gold tables; null before the first batch run.'),
  table_version: z.null().describe('Always null here: this endpoint reads every table; see tables[].version.'),
  tables: z
    .array(
      z.object({
        name: z.string(),
        layer: z.enum(LAKE_LAYERS),
        location: z.string().describe('Table URI.'),
        version: z.number().int().nullable().describe('Current Delta version; null while the table does not exist.'),
        last_updated: z.iso.datetime().nullable().describe('Commit time of that version.'),
        files: z.number().int().describe('Live data files.'),
        rows: z.number().int().nullable().describe("Rows, from the files' statistics; null when a file has none."),
      }),
    )
    .describe('Bronze (events, quarantine), silver, then the gold tables.'),
  freshness: z.object({
    bronze: eventFreshness,
    silver: eventFreshness,
    gold: z.object({
      newest_day: z.iso.date().nullable().describe('Latest UTC day in any gold table.'),
      newest_event_minute: z.iso
        .datetime()
        .nullable()
        .describe('Start of the newest minute with an event in gold (activity_per_minute): gold holds the events up to the end of that minute. Null before that table has a row.'),
      lag_seconds: z
        .number()
        .nullable()
        .describe(
          'Seconds from the end of newest_event_minute to generated_at (0 within that minute); without it, day-granular: from the end of newest_day, 0 while newest_day is today.',
        ),
    }),
  }),
  quarantine: z.object({
    rows: z.number().int().describe('Rejected records kept in the quarantine table (the dead-letter store); 0 while it does not exist.'),
    version: z.number().int().nullable(),
    reasons: z
      .array(
        z.object({
          path: z.string().describe("Where the record's first issue is: a field such as track.duration_ms, or '' for the record as a whole (not JSON, too large, …)."),
          expected: z.string().describe('What that place should have held.'),
          rows: z.number().int().describe('Rejected records whose first issue is this one.'),
          latest_summary: z.string().describe('The error summary of the latest of them, every issue with the value received.'),
          latest_at: z.iso.datetime().describe('When the latest of them was ingested.'),
        }),
      )
      .describe(`Why records were rejected: the ${QUARANTINE_REASONS_LISTED} commonest first issues, most rows first.`),
  }),
  consumer_lag: z
    .object({
      group: z.string().describe('The ingest consumer group whose progress bronze records.'),
      topic: z.string().describe('The events topic.'),
      total: z.number().int().describe('Records of the topic not in bronze yet (valid or rejected), all partitions.'),
      partitions: z
        .array(
          z.object({
            partition: z.number().int(),
            end_offset: z.number().int().describe("Kafka's high watermark: the offset the next record will get."),
            bronze_next_offset: z
              .number()
              .int()
              .nullable()
              .describe("Where the ingest resumes, from bronze's txn for the partition (last offset written + 1); null when it never wrote the partition."),
            lag: z.number().int().describe('end_offset − bronze_next_offset, or the records Kafka still holds when the ingest never wrote the partition.'),
          }),
        )
        .describe('One entry per partition of the topic.'),
    })
    .nullable()
    .describe('How far bronze is behind the events topic, from bronze itself (exactly what is committed) and Kafka end offsets at generated_at; null when Kafka could not be asked (see consumer_lag_note).'),
  consumer_lag_note: z.string().nullable().describe('Why consumer_lag is null; null when it is measured.'),
});
export type PipelineResponse = z.output<typeof pipelineResponse>;
