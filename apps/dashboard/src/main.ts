import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { dashboardConfigSchema, loadDashboardConfig } from './config/dashboard-config';

const HELP = `Usage: npx tsx apps/dashboard/src/main.ts
       npx nx run dashboard:start

Serves the built dashboard (next start) on DASHBOARD_HOST:DASHBOARD_PORT (default
127.0.0.1:3000): /fr and /en, the overview and the pipeline health page, over the metrics API at
API_URL (default http://127.0.0.1:3001). Build it first: npx nx run dashboard:build.
Settings (environment): API_URL, API_TIMEOUT_MS (default 10000), DASHBOARD_HOST, DASHBOARD_PORT,
LOG_LEVEL.
`;

const APP_DIR = join(__dirname, '..');

function main(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('dashboard', 'Read by `apps/dashboard` (the Next server and its start command).', dashboardConfigSchema));
    return;
  }
  const config = loadDashboardConfig(process.env);
  if (!existsSync(join(APP_DIR, '.next', 'BUILD_ID'))) throw new Error(`no build in ${join(APP_DIR, '.next')}: run npx nx run dashboard:build first`);
  // The Next server reads the same variables again (once, at start-up): pass the environment through.
  const next = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '--hostname', config.DASHBOARD_HOST, '--port', String(config.DASHBOARD_PORT)], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => next.kill(signal));
  next.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`dashboard: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
