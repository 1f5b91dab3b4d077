import { defineConfig, logLevel, positiveInt } from '@music/config';
import { lakeSettingsShape } from '@music/storage';
import { z } from 'zod';

export const batchConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  ...lakeSettingsShape,
  ERASURE_RETENTION_HOURS: z.coerce.number().min(0, 'expected hours >= 0').default(168).describe("VACUUM retention after an erasure, in hours (Delta's default is 7 days)."),
  BATCH_WATCH_SECONDS: positiveInt(30).describe('Seconds between runs in --watch mode when the flag gives no value.'),
  BATCH_MAINTENANCE_INTERVAL_SECONDS: z.coerce
    .number()
    .int('expected whole seconds')
    .min(0, 'expected seconds >= 0')
    .default(600)
    .describe('In --watch mode, seconds between two maintenances (silver compaction, VACUUM of every table); 0 = never.'),
  BATCH_OPTIMIZE_MIN_FILES: z.coerce
    .number()
    .int('expected a whole number')
    .min(2, 'expected at least 2')
    .default(50)
    .describe('Maintenance compacts a silver partition once it holds this many small files (its gold days are then recomputed once).'),
  BATCH_VACUUM_RETENTION_HOURS: z.coerce
    .number()
    .min(0, 'expected hours >= 0')
    .default(168)
    .describe('VACUUM retention of the maintenance, in hours: time travel and slow readers keep working within it.'),
});

export type BatchConfig = z.infer<typeof batchConfigSchema>;

export const loadConfig = defineConfig('batch-metrics', batchConfigSchema);
