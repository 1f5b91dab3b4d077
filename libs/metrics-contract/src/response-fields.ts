import { z } from 'zod';

/** Fields every gold response carries: which table and version it was read from. */
export const tableVersionFields = {
  table: z.string().describe('The gold table read.'),
  table_version: z.number().int().min(0).describe('Delta version of that table the numbers come from.'),
  last_updated: z.iso.datetime().describe('Commit time of that version (ISO-8601, UTC).'),
};

export const rangeFields = {
  from: z.iso.date().describe('First UTC day counted (inclusive).'),
  to: z.iso.date().describe('Last UTC day counted (inclusive).'),
};

export const listenerDaysField = z
  .number()
  .int()
  .describe('Daily distinct listeners (users with a stream) summed over the days: a user streaming on 3 days counts 3. Gold keeps distinct listeners per day only.');
