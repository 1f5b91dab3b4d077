import type { Logger } from 'pino';

/** kafkajs log levels (its `logLevel` enum values). */
const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = { 1: 'error', 2: 'warn', 4: 'info', 5: 'debug' };

interface KafkaLogEntry {
  namespace: string;
  level: number;
  label: string;
  log: { message: string } & Record<string, unknown>;
}

/**
 * Routes kafkajs's own logs into our structured logger (as `logCreator`), instead of its
 * separate JSON format on stdout.
 */
export function kafkajsLogCreator(logger: Logger): (level: number) => (entry: KafkaLogEntry) => void {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      child[LEVELS[level] ?? 'info']({ namespace, ...fields }, message);
    };
}
