import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Component name, e.g. `streaming-ingest` or `infra`. */
  name: string;
  level?: LevelWithSilent;
  /** Human-readable lines instead of JSON (terminals); JSON is the default for services. */
  pretty?: boolean;
  /** Where to write; stderr by default so stdout stays free for data (e.g. `--out -`). */
  destination?: DestinationStream;
}

/** The one logger factory of the workspace: structured JSON (pino), one `name` per component. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  const destination =
    options.destination ??
    (options.pretty
      ? pretty({ sync: true, destination: 2, colorize: process.stderr.isTTY, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true })
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      name: options.name,
      level,
      base: { name: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
    },
    destination,
  );
}
