import { loadDashboardConfig, type DashboardConfig } from './dashboard-config';

let config: DashboardConfig | undefined;

/**
 * The settings of the running Next server, parsed from its environment once (instrumentation.ts
 * calls this at start-up so that a bad value stops the server naming the variable). The only
 * place of the dashboard that reads process.env.
 */
export function serverConfig(): DashboardConfig {
  config ??= loadDashboardConfig(process.env);
  return config;
}
