#!/usr/bin/env -S npx tsx
import { resolve } from 'node:path';
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { createLogger } from '@music/logger';
import { parseArgs, HELP, UsageError } from './cli-args';
import { down, envLines, logs, provision, reset, runCommand, ServiceRunningError, status, testAll, up, withServices } from './commands';
import { kafkaToolCommand } from './kafka-tools';
import { SERVICES } from './services';
import { infraConfigSchema, loadInfraConfig } from './config';
import { MissingPrerequisiteError } from './prerequisites';
import { PortTakenError } from './service-runner';
import type { ServiceContext } from './service';
import { Supervisor } from './supervisor';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('infra', 'Read by `npm run infra` (and `npm test`, `npm run demo`, which call it): the local Kafka, MinIO and HDFS.', infraConfigSchema));
    return 0;
  }
  const command = parseArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadInfraConfig(process.env);
  const root = resolve(__dirname, '..', '..');
  const paths = {
    root,
    cacheDir: resolve(root, config.INFRA_CACHE_DIR ?? '.cache'),
    runDir: resolve(root, config.INFRA_RUN_DIR ?? '.run'),
  };
  const log = createLogger({ name: 'infra', level: config.INFRA_LOG_LEVEL, pretty: true });
  const ctx: ServiceContext = { config, parentEnv: process.env, paths, log, supervisor: new Supervisor(paths.runDir, process.env) };

  switch (command.kind) {
    case 'up': {
      await up(ctx, command.services);
      process.stdout.write(`${await status(ctx)}\n`);
      return 0;
    }
    case 'down':
      await down(ctx, command.services);
      return 0;
    case 'provision':
      await provision(ctx, command.services);
      return 0;
    case 'reset':
      process.stdout.write(`${(await reset(ctx, command.services)).join('\n')}\n`);
      return 0;
    case 'status':
      process.stdout.write(`${await status(ctx)}\n`);
      return 0;
    case 'env':
      process.stdout.write(`${await envLines(ctx)}\n`);
      return 0;
    case 'logs':
      process.stdout.write(`${await logs(ctx, command.service)}\n`);
      return 0;
    case 'kafka-tool': {
      await SERVICES.kafka.provision(ctx);
      return runCommand(kafkaToolCommand(ctx, command.tool, command.args), ctx.parentEnv, ctx.paths.root);
    }
    case 'with':
      return withServices(ctx, command.services, command.command);
    case 'test':
      return testAll(ctx);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = [UsageError, ConfigError, MissingPrerequisiteError, PortTakenError, ServiceRunningError].some((type) => error instanceof type);
    // Known failures get their message alone; anything else keeps its stack and causes.
    process.stderr.write(known ? `error: ${(error as Error).message}\n` : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (!known && error instanceof Error && error.cause) process.stderr.write(`caused by: ${String(error.cause)}\n`);
    process.exit(1);
  },
);
