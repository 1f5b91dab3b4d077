import { defineConfig, logLevel } from '@music/config';
import { z } from 'zod';

export const demoConfigSchema = z.object({
  DEMO_DIR: z.string().min(1).default('.run/demo').describe("Folder of the demo's lake (local storage), state and logs, one sub-folder per storage."),
  DEMO_LOG_LEVEL: logLevel,
});

export const loadDemoConfig = defineConfig('demo', demoConfigSchema);
