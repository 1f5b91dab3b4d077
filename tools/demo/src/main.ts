#!/usr/bin/env -S npx tsx
import { resolve } from 'node:path';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { createLogger } from '@music/logger';
import { HELP, parseDemoArgs, UsageError } from './demo-args';
import { demoConfigSchema, loadDemoConfig } from './demo-config';
import { runDemo } from './demo-runner';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('demo', 'Read by `npm run demo`; it passes the infra settings on to `npm run infra`.', demoConfigSchema));
    return 0;
  }
  const command = parseDemoArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadDemoConfig(process.env);
  const root = resolve(__dirname, '..', '..', '..');
  const bin = (name: string) => resolve(root, 'node_modules', '.bin', name);
  const log = createLogger({ name: 'demo', level: config.DEMO_LOG_LEVEL, pretty: true });
  const stopRequested = new Promise<string>((resolveStop) => {
    // `on`, not `once`: a second Ctrl-C (or tsx relaying the first) must not kill the demo
    // before it has stopped what it started.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolveStop(signal));
  });
  return runDemo(command.options, {
    paths: { root, demoDir: resolve(root, config.DEMO_DIR, command.options.storage), tsx: bin('tsx'), next: bin('next') },
    env: process.env,
    log,
    print: (line) => process.stdout.write(`${line}\n`),
    stopRequested,
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(known ? `error: ${(error as Error).message}\n` : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(known && error instanceof UsageError ? 2 : 1);
  },
);
