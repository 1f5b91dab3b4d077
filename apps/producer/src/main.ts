#!/usr/bin/env -S npx tsx
import { CONFIG_REFERENCE_FLAG, ConfigError, configReference } from '@music/config';
import { MALFORMED_CASES } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { HELP, parseCliArgs, UsageError, type CliCommand } from './cli-args';
import { loadProducerConfig, producerConfigSchema, type ProducerConfig } from './producer-config';
import { EXIT, runProducerCommand } from './producer-command';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === CONFIG_REFERENCE_FLAG) {
    process.stdout.write(configReference('producer', 'Read by `apps/producer` (the simulator). Its flags of the same meaning win over these.', producerConfigSchema));
    return EXIT.ok;
  }
  let config: ProducerConfig;
  try {
    config = loadProducerConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  let command: CliCommand;
  try {
    command = parseCliArgs(argv, config, Date.now());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun with --help for the options.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return EXIT.ok;
  }

  const logger = createLogger({ name: 'producer', level: config.LOG_LEVEL, pretty: process.stderr.isTTY });
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting for in-flight records');
      process.exit(130);
    }
    logger.info({ signal }, 'stopping: delivering what is in flight, then exiting (signal again to force)');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return runProducerCommand(command.settings, {
    config,
    logger,
    stdout: process.stdout,
    progress: process.stderr,
    signal: stop.signal,
    malformedCases: MALFORMED_CASES,
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`producer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
