import { defineConfig, logLevel, positiveInt } from '@music/config';
import { lakeSettingsShape } from '@music/storage';
import { z } from 'zod';

export const batchConfigSchema = z.object({
  LOG_LEVEL: logLevel,
  ...lakeSettingsShape,
  ERASURE_RETENTION_HOURS: z.coerce.number().min(0, 'expected hours >= 0').default(168).describe("VACUUM retention after an erasure, in hours (Delta's default is 7 days)."),
  BATCH_WATCH_SECONDS: positiveInt(30).describe('Seconds between runs in --watch mode when the flag gives no value.'),
});

export type BatchConfig = z.infer<typeof batchConfigSchema>;

export const loadConfig = defineConfig('batch-metrics', batchConfigSchema);
