import type { EventSink } from './event-sink';
import type { RecordBatch } from './record-batch';
import type { RecordBatchBuilder } from './record-batch-builder';
import type { RunManifest } from './run-manifest';

/** Time as the run sees it; injected so pacing is testable without waiting. */
export interface RunClock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: RunClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

/**
 * live: an event is sent once the clock reaches its occurred_at (the simulator is calibrated to the
 * wanted rate); rate: at most that many records per second; unlimited: as fast as the sink takes them.
 */
export type Pacing = { kind: 'live' } | { kind: 'rate'; perSecond: number } | { kind: 'unlimited' };

export interface RunOptions {
  builder: RecordBatchBuilder;
  sink: EventSink;
  manifest: RunManifest;
  pacing: Pacing;
  batchSize: number;
  /** Bytes of record values per request: brokers refuse a partition batch over message.max.bytes. */
  maxBatchBytes: number;
  maxRecords: number | undefined;
  maxDurationMs: number | undefined;
  signal: AbortSignal;
  clock: RunClock;
  /** Called after each delivered batch (progress display). */
  onDelivered?: (batch: RecordBatch) => void;
}

export type StopReason = 'count' | 'duration' | 'end' | 'signal' | 'error';

export interface RunOutcome {
  stoppedBy: StopReason;
  /** Why records could not be delivered; the manifest then holds only what was. */
  error: Error | undefined;
}

/** Longest nap while waiting for the next live event, so signals and limits are noticed quickly. */
const MAX_IDLE_MS = 200;

/**
 * Builds batches and sends them with exactly one request in flight: the next batch is simulated
 * while the previous one travels. One in flight on purpose: idempotent producers of both clients
 * have lost records under concurrent sends (kafkajs#1005, platformatic/kafka#326).
 */
export async function produceRecords(options: RunOptions): Promise<RunOutcome> {
  const { builder, sink, manifest, pacing, batchSize, maxBatchBytes, maxRecords, maxDurationMs, signal, clock } = options;
  let failure: Error | undefined;
  try {
    await sink.open();
  } catch (error) {
    return { stoppedBy: 'error', error: asError(error) };
  }
  const started = clock.now();
  let handedOut = 0;
  let inFlight: Promise<void> | undefined;
  let stoppedBy: StopReason;

  for (;;) {
    if (failure !== undefined) {
      stoppedBy = 'error';
      break;
    }
    if (signal.aborted) {
      stoppedBy = 'signal';
      break;
    }
    if (maxRecords !== undefined && handedOut >= maxRecords) {
      stoppedBy = 'count';
      break;
    }
    const now = clock.now();
    if (maxDurationMs !== undefined && now - started >= maxDurationMs) {
      stoppedBy = 'duration';
      break;
    }
    if (builder.finished) {
      stoppedBy = 'end';
      break;
    }
    let limit = maxRecords === undefined ? batchSize : Math.min(batchSize, maxRecords - handedOut);
    if (pacing.kind === 'rate') {
      const allowed = Math.floor((pacing.perSecond * (now - started)) / 1000) + 1 - handedOut;
      if (allowed <= 0) {
        await clock.sleep(Math.min(MAX_IDLE_MS, Math.max(1, 1000 / pacing.perSecond)), signal);
        continue;
      }
      limit = Math.min(limit, allowed);
    }
    const batch = builder.build(limit, pacing.kind === 'live' ? now : Infinity, maxBatchBytes);
    if (batch.length === 0) {
      const nextAt = builder.nextEventAt();
      if (nextAt !== undefined && pacing.kind === 'live') await clock.sleep(Math.min(MAX_IDLE_MS, Math.max(1, nextAt - now)), signal);
      continue;
    }
    if (inFlight !== undefined) await inFlight;
    if (failure !== undefined) {
      stoppedBy = 'error';
      break;
    }
    handedOut += batch.length;
    inFlight = sink.send(batch).then(
      () => {
        manifest.delivered(batch);
        options.onDelivered?.(batch);
      },
      (error: unknown) => {
        manifest.failed(batch);
        failure ??= asError(error);
      },
    );
  }

  if (inFlight !== undefined) await inFlight;
  try {
    await sink.flush();
  } catch (error) {
    failure ??= asError(error);
  }
  try {
    await sink.close();
  } catch (error) {
    failure ??= asError(error);
  }
  return { stoppedBy: failure === undefined ? stoppedBy : 'error', error: failure };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
