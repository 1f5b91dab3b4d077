import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Logger } from '@music/logger';
import { ListeningSimulator } from '@music/simulator';
import type { ProducerSettings } from './cli-args';
import type { EventSink } from './event-sink';
import type { KafkaSinkSettings } from './kafka-sink-settings';
import { KafkajsSink } from './kafkajs-sink';
import { MalformedInjector, type MalformedPayload } from './malformed-injector';
import { NdjsonSink } from './ndjson-sink';
import { produceRecords, SYSTEM_CLOCK, type Pacing, type RunClock } from './produce-run';
import type { ProducerConfig } from './producer-config';
import { ProgressReporter, type ProgressOutput } from './progress-reporter';
import { RecordBatchBuilder } from './record-batch-builder';
import { describeError, RunManifest } from './run-manifest';

export interface CommandContext {
  config: ProducerConfig;
  logger: Logger;
  /** Where NDJSON goes for `--out -`. */
  stdout: Writable;
  /** Where the progress line goes (stderr). */
  progress: ProgressOutput;
  signal: AbortSignal;
  /** Payload kinds `--bad-ratio` sends (MALFORMED_CASES of @music/events/testing). */
  malformedCases: readonly MalformedPayload[];
  clock?: RunClock;
}

export const EXIT = { ok: 0, undelivered: 1, usage: 2 } as const;

/** Sessions in progress per user above which a live rate is too much for the population. */
const CROWDED_USERS = 0.5;
/**
 * Value bytes per request and partition, on average: brokers refuse a partition batch above
 * message.max.bytes (1 MB by default), and users' keys spread over partitions unevenly.
 */
const REQUEST_BYTES_PER_PARTITION = 400_000;

async function openSink(settings: ProducerSettings, context: CommandContext): Promise<EventSink> {
  if (settings.out !== undefined) return new NdjsonSink(settings.out, context.stdout);
  const kafka: KafkaSinkSettings = {
    brokers: settings.brokers,
    topic: settings.topic,
    partitions: settings.partitions,
    compression: settings.compression,
    clientId: 'music-producer',
    retries: context.config.PRODUCER_RETRIES,
    retryInitialMs: context.config.PRODUCER_RETRY_INITIAL_MS,
    retryMaxMs: context.config.PRODUCER_RETRY_MAX_MS,
    connectTimeoutMs: context.config.PRODUCER_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: context.config.PRODUCER_REQUEST_TIMEOUT_MS,
    logger: context.logger,
  };
  if (settings.client === 'kafkajs') return new KafkajsSink(kafka);
  // Loaded on demand: @platformatic/kafka is an ES module, and most runs do not need it.
  const { PlatformaticSink } = await import('./platformatic-sink');
  return new PlatformaticSink(kafka);
}

function pacingOf(settings: ProducerSettings): Pacing {
  if (settings.mode === 'live') return { kind: 'live' };
  return settings.rate === 'unlimited' ? { kind: 'unlimited' } : { kind: 'rate', perSecond: settings.rate };
}

/** Runs the producer for parsed settings and returns the process exit status. */
export async function runProducerCommand(settings: ProducerSettings, context: CommandContext): Promise<number> {
  const { logger } = context;
  const clock = context.clock ?? SYSTEM_CLOCK;
  const setupStarted = clock.now();
  let simulator: ListeningSimulator;
  try {
    simulator = ListeningSimulator.create({
      seed: settings.seed,
      startMs: settings.mode === 'live' ? clock.now() : (settings.fromMs as number),
      endMs: settings.toMs,
      ...(settings.users === undefined ? {} : { users: settings.users }),
      ...(settings.artists === undefined ? {} : { artists: settings.artists }),
      ...(settings.tracks === undefined ? {} : { tracks: settings.tracks }),
      ...(settings.mode === 'live' && typeof settings.rate === 'number' ? { targetEventsPerSecond: settings.rate } : {}),
    });
  } catch (error) {
    logger.error(describeError(error));
    return EXIT.usage;
  }
  if (settings.mode === 'live' && simulator.concurrentSessionsPerUser > CROWDED_USERS) {
    const enough = Math.ceil((simulator.users.length * simulator.concurrentSessionsPerUser) / CROWDED_USERS / 10_000) * 10_000;
    logger.warn(
      { users: simulator.users.length, rate: settings.rate, sessionsPerUser: Number(simulator.concurrentSessionsPerUser.toFixed(2)) },
      `too few users for this rate: each listens in ${simulator.concurrentSessionsPerUser.toFixed(1)} sessions at once on average; use --users ${enough} or more for realistic behaviour`,
    );
  }

  const sink = await openSink(settings, context);
  const manifest = new RunManifest();
  const builder = new RecordBatchBuilder(simulator, new MalformedInjector(settings.badRatio, context.malformedCases, settings.seed), settings.manifest !== undefined);
  let malformed = 0;
  let simulatedAt: string | undefined;
  const reporter = new ProgressReporter(context.progress, logger, () => ({
    records: manifest.deliveredRecords,
    bytes: manifest.deliveredBytes,
    malformed,
    failed: manifest.undelivered,
    simulatedAt,
  }));
  logger.info(
    { destination: sink.description, mode: settings.mode, rate: settings.rate, seed: settings.seed, users: simulator.users.length, tracks: simulator.catalog.tracks.length, setupMs: clock.now() - setupStarted },
    'producing',
  );

  const started = clock.now();
  const cpuBefore = process.cpuUsage();
  reporter.start();
  const outcome = await produceRecords({
    builder,
    sink,
    manifest,
    pacing: pacingOf(settings),
    batchSize: settings.batchSize,
    maxBatchBytes: settings.out === undefined ? settings.partitions * REQUEST_BYTES_PER_PARTITION : Infinity,
    maxRecords: settings.count,
    maxDurationMs: settings.durationMs,
    signal: context.signal,
    clock,
    onDelivered: (batch) => {
      malformed += batch.malformedKinds.length;
      simulatedAt = batch.lastOccurredAt ?? simulatedAt;
    },
  });
  reporter.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const document = manifest.document({
    destination: sink.description,
    seed: settings.seed,
    mode: settings.mode,
    complete: outcome.error === undefined,
    error: outcome.error,
    elapsedMs: clock.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });

  const { eventIds: _ids, ...summary } = document;
  for (const [path, content] of [
    [settings.manifest, document],
    [settings.summary, summary],
  ] as const) {
    if (path === undefined) continue;
    try {
      await writeFile(path, `${JSON.stringify(content, null, 1)}\n`);
    } catch (error) {
      logger.error({ err: error }, `could not write ${path}`);
      return EXIT.undelivered;
    }
  }
  if (outcome.error !== undefined) {
    logger.error({ ...summary, stoppedBy: outcome.stoppedBy }, describeError(outcome.error));
    return EXIT.undelivered;
  }
  logger.info({ ...summary, stoppedBy: outcome.stoppedBy }, `done: ${document.records} records delivered to ${sink.description}`);
  return EXIT.ok;
}
