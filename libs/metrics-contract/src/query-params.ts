import { COUNTRY_CODES, PLATFORMS } from '@music/events';
import { z } from 'zod';
import { dayCount, RANGE_PRESETS, type RangePreset } from './date-range';
import { FILTER_DIMENSIONS, GOLD_TABLE_DIMENSIONS, type ReadGoldTable } from './gold-table-dimensions';

/** The querystring pieces the endpoints share, and the rules that tie them together. */

export const DEFAULT_RANGE: RangePreset = '7d';
export const FIRST_QUERYABLE_DAY = '2000-01-01';
export const LAST_QUERYABLE_DAY = '2099-12-31';

export const dayParam = z
  .iso.date({ error: 'expected a real UTC day as YYYY-MM-DD', abort: true })
  .refine((day) => day >= FIRST_QUERYABLE_DAY && day <= LAST_QUERYABLE_DAY, { error: `expected a day from ${FIRST_QUERYABLE_DAY} to ${LAST_QUERYABLE_DAY}`, abort: true });

export const rangeParams = {
  from: dayParam.optional().describe('First UTC day, inclusive (YYYY-MM-DD); goes with `to`, not with `range`.'),
  to: dayParam.optional().describe('Last UTC day, inclusive (YYYY-MM-DD); goes with `from`, not with `range`.'),
  range: z
    .enum(RANGE_PRESETS)
    .optional()
    .describe(
      `Preset ending today (UTC): today, 7d and 28d (last 7 / 28 days including today), this-month, 12m (the day after the same date a year ago through today), all (every day the table holds). Default ${DEFAULT_RANGE} when neither range nor from/to is given.`,
    ),
};

export interface RangeQuery {
  from?: string | undefined;
  to?: string | undefined;
  range?: RangePreset | undefined;
}

/** Cross-parameter rules of rangeParams, reported on the parameter at fault. */
export function checkRangeParams(query: RangeQuery, context: z.RefinementCtx): void {
  if (query.range !== undefined && (query.from !== undefined || query.to !== undefined)) {
    context.addIssue({ code: 'custom', path: ['range'], message: 'give either range or from/to, not both' });
    return;
  }
  if (query.from !== undefined && query.to === undefined) context.addIssue({ code: 'custom', path: ['to'], message: 'required with from' });
  if (query.to !== undefined && query.from === undefined) context.addIssue({ code: 'custom', path: ['from'], message: 'required with to' });
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    context.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${query.from} > ${query.to})` });
  }
}

/** Refuses explicit from/to spanning more than `maxDays` (reported on from). */
export function checkRangeSpan(query: RangeQuery, context: z.RefinementCtx, maxDays: number, what: string): void {
  if (query.from !== undefined && query.to !== undefined && query.from <= query.to && dayCount({ from: query.from, to: query.to }) > maxDays) {
    context.addIssue({ code: 'custom', path: ['from'], message: `${what} spans at most ${maxDays} days` });
  }
}

const LIMIT_ERROR = 'expected an integer from 1 to 100';

export function limitParam(defaultLimit: number, what: string) {
  return z.coerce
    .number({ error: LIMIT_ERROR })
    .int({ error: LIMIT_ERROR })
    .min(1, { error: LIMIT_ERROR })
    .max(100, { error: LIMIT_ERROR })
    .default(defaultLimit)
    .describe(`${what} (1–100, default ${defaultLimit}).`);
}

export const countryParam = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code, e.g. FR', abort: true })
  .toUpperCase()
  .refine((code) => COUNTRY_CODES.has(code), { error: 'not an ISO 3166-1 alpha-2 country code' })
  .describe('ISO 3166-1 alpha-2 country (any case), e.g. FR.');

export const platformParam = z.enum(PLATFORMS, { error: `expected one of ${PLATFORMS.join(', ')}` }).describe('Client platform.');

export const genreParam = z
  .string()
  .trim()
  .min(1, { error: 'expected a genre name' })
  .max(64, { error: 'expected at most 64 characters' })
  .toLowerCase()
  .describe('Genre (any case), e.g. rock.');

const isDimension = (key: string): key is (typeof FILTER_DIMENSIONS)[number] => (FILTER_DIMENSIONS as readonly string[]).includes(key);

/**
 * A strict querystring: a parameter the endpoint does not take is a 400 naming it, never ignored.
 * `tables` are the gold tables the endpoint reads, to say why a dimension filter is refused.
 */
export function endpointQuery<Shape extends z.ZodRawShape>(route: string, tables: readonly ReadGoldTable[], shape: Shape) {
  const accepted = Object.keys(shape);
  const why = (key: string) => {
    if (accepted.length === 0) return `${route} takes no parameters`;
    if (isDimension(key) && tables.length > 0 && !tables.some((table) => (GOLD_TABLE_DIMENSIONS[table] as readonly string[]).includes(key))) {
      return `${route} cannot filter by ${key} (${tables.length === 1 ? `gold table ${tables[0]} has` : `gold tables ${tables.join(', ')} have`} no ${key} column)`;
    }
    return `${key} is not a parameter of ${route} (accepted: ${accepted.join(', ')})`;
  };
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? [...new Set(issue.keys.map(why))].join('; ') : undefined),
  });
}
