import { defineConfig, httpUrl, logLevel, port, positiveInt } from '@music/config';
import { z } from 'zod';

/** The dashboard's settings: environment variable names and their rules. */
export const dashboardConfigSchema = z.object({
  API_URL: httpUrl('http://127.0.0.1:3001').describe('Base URL of the metrics API; only the dashboard server calls it, browsers never do.'),
  API_TIMEOUT_MS: positiveInt(10_000).describe('Milliseconds before a request to the API is given up (the widget then shows its error state).'),
  DASHBOARD_HOST: z.string().min(1, 'expected a host name or address').default('127.0.0.1').describe('Address the dashboard listens on.'),
  DASHBOARD_PORT: port(3000).describe('Port the dashboard listens on.'),
  LOG_LEVEL: logLevel,
});

export type DashboardConfig = z.output<typeof dashboardConfigSchema>;

export const loadDashboardConfig = defineConfig('dashboard', dashboardConfigSchema);
