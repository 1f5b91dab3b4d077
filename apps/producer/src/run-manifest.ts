import { createHash } from 'node:crypto';
import type { EventType } from '@music/events';
import type { RecordBatch } from './record-batch';

/** `--manifest FILE`: what was delivered, for reconciliation with what consumers read. */
export interface ManifestDocument {
  /** Where the records went, e.g. `Kafka 127.0.0.1:19092, topic t (kafkajs, compression none)`. */
  destination: string;
  seed: string;
  mode: 'live' | 'backfill';
  /** True when the run ended as asked (count, duration, end of the simulated period, or a signal). */
  complete: boolean;
  error: string | null;
  /** Records acknowledged by the destination: valid events plus malformed ones. */
  records: number;
  /** Records that were handed to the destination but not acknowledged (their events are not listed). */
  undelivered: number;
  events: { total: number } & Record<EventType, number>;
  malformed: { total: number; byKind: Record<string, number> };
  /** Simulated time span of the delivered events. */
  occurredAt: { first: string | null; last: string | null };
  /** Delivered valid event ids, sorted; sha256 is over the sorted ids, each followed by "\n". */
  eventIds: { count: number; sha256: string; sorted: string[] };
  bytes: number;
  elapsedMs: number;
  /** CPU time of the process (user + system), all threads. */
  cpuMs: number;
  recordsPerSecond: number;
}

/** Counts only what the destination acknowledged: a failed batch never reaches `delivered`. */
export class RunManifest {
  private readonly ids: string[] = [];
  private readonly byType: Record<EventType, number> = { play: 0, skip: 0, like: 0, share: 0 };
  private readonly byKind = new Map<string, number>();
  private records = 0;
  private malformedTotal = 0;
  private bytes = 0;
  private first: string | undefined;
  private last: string | undefined;
  undelivered = 0;

  get deliveredRecords(): number {
    return this.records;
  }

  get deliveredBytes(): number {
    return this.bytes;
  }

  delivered(batch: RecordBatch): void {
    this.records += batch.length;
    this.bytes += batch.bytes;
    for (const id of batch.eventIds) this.ids.push(id);
    for (const type of Object.keys(this.byType) as EventType[]) this.byType[type] += batch.eventsByType[type];
    for (const kind of batch.malformedKinds) this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    this.malformedTotal += batch.malformedKinds.length;
    if (batch.firstOccurredAt !== undefined && (this.first === undefined || batch.firstOccurredAt < this.first)) this.first = batch.firstOccurredAt;
    if (batch.lastOccurredAt !== undefined && (this.last === undefined || batch.lastOccurredAt > this.last)) this.last = batch.lastOccurredAt;
  }

  failed(batch: RecordBatch): void {
    this.undelivered += batch.length;
  }

  document(run: { destination: string; seed: string; mode: 'live' | 'backfill'; complete: boolean; error: Error | undefined; elapsedMs: number; cpuMs: number }): ManifestDocument {
    const sorted = [...this.ids].sort();
    const hash = createHash('sha256');
    for (const id of sorted) hash.update(`${id}\n`);
    const events = Object.values(this.byType).reduce((a, b) => a + b, 0);
    return {
      destination: run.destination,
      seed: run.seed,
      mode: run.mode,
      complete: run.complete,
      error: run.error === undefined ? null : describeError(run.error),
      records: this.records,
      undelivered: this.undelivered,
      events: { total: events, ...this.byType },
      malformed: { total: this.malformedTotal, byKind: Object.fromEntries([...this.byKind.entries()].sort(([a], [b]) => a.localeCompare(b))) },
      occurredAt: { first: this.first ?? null, last: this.last ?? null },
      eventIds: { count: sorted.length, sha256: hash.digest('hex'), sorted },
      bytes: this.bytes,
      elapsedMs: Math.round(run.elapsedMs),
      cpuMs: Math.round(run.cpuMs),
      recordsPerSecond: run.elapsedMs > 0 ? Math.round((this.records / run.elapsedMs) * 1000) : 0,
    };
  }
}

/** The error and its causes on one line: "A: B: C"; an AggregateError contributes its first inner error. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 8) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    parts.push(current.message);
    const inner = (current as { errors?: unknown }).errors;
    current = current.cause ?? (Array.isArray(inner) ? inner[0] : undefined);
  }
  return parts.join(': ');
}
