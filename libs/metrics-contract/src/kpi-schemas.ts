import { z } from 'zod';
import { checkRangeParams, endpointQuery, rangeParams } from './query-params';
import { rangeFields, tableVersionFields } from './response-fields';

/** GET /v1/kpis: headline numbers of a period against the period of the same length before it. */

export const kpisQuery = endpointQuery('GET /v1/kpis', ['daily_active_listeners'], rangeParams).superRefine(checkRangeParams);
export type KpisQuery = z.output<typeof kpisQuery>;

const kpi = (meaning: string) =>
  z
    .object({
      value: z.number().nullable().describe(`${meaning} in the period (null when undefined, e.g. a rate without a denominator).`),
      previous: z.number().nullable().describe('The same over the previous period of the same length.'),
      delta: z.number().nullable().describe('value − previous.'),
      change_ratio: z.number().nullable().describe('(value − previous) / previous; null when previous is 0 or null.'),
    })
    .describe(meaning);

export const kpisResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  days: z.number().int().describe('Days in the period.'),
  previous_from: z.iso.date().describe('First day of the previous period (same length, just before).'),
  previous_to: z.iso.date().describe('Last day of the previous period.'),
  data_from: z.iso
    .date()
    .nullable()
    .describe('First day the table holds (null when it holds none): days before it were never recorded, they are not days without listening.'),
  previous_days_covered: z
    .number()
    .int()
    .describe('Days of the previous period on or after data_from. Fewer than `days`: the previous period is only partly recorded, and the changes do not compare like with like.'),
  in_progress: z
    .object({
      until: z.iso.datetime().describe("End of the last minute counted on the period's day in progress (today): the newest minute gold holds for it, exclusive."),
      previous_until: z.iso
        .datetime()
        .describe("The same instant `days` days earlier: the previous period is counted only up to it, its last hours (and any later day) left out like the current period's future ones."),
    })
    .nullable()
    .describe(
      'Set when the period includes today, a day not over yet: both periods are then counted up to the same time of day, so that the changes compare like with like. Null when every day of the period is over, and both are counted whole.',
    ),
  kpis: z.object({
    streams: kpi('Streams (plays of at least 30 s)'),
    listeners: kpi('Average daily listeners: distinct users with a stream each day, averaged over the days of the period'),
    minutes_listened: kpi('Minutes listened (plays and skips)'),
    likes: kpi('Like events'),
    shares: kpi('Share events'),
    skip_rate: kpi('Skip rate: skips / (plays + skips)'),
  }),
});
export type KpisResponse = z.output<typeof kpisResponse>;
/** One compared number of the KPI answer. */
export type KpiComparison = KpisResponse['kpis']['streams'];
