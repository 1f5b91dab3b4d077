import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeltaTable } from '@music/delta';
import { encodeEvent, newEventId } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent, MALFORMED_CASES } from '@music/events/testing';
import { openObjectStore, tableUri, type StorageOptions } from '@music/storage';
import { BRONZE_TABLE, QUARANTINE_TABLE } from '@music/tables';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

/** Test harness for the ingest as users run it: a real process, a real broker, real tables. */

export const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ProducedManifest {
  validIds: string[];
  badCount: number;
  badKinds: Set<string>;
}

/** The real infra CLI (`npm run infra`), on a private run directory and ports when `env` says so: a broker of a test's own. */
export function runInfra(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra', 'src', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** A fresh events topic and its dead-letter topic, 6 partitions each. */
export async function createTopics(brokers: string[], prefix: string): Promise<{ topic: string; dlq: string }> {
  const topic = `${prefix}-${randomUUID()}`;
  const admin = new Kafka({ clientId: `${prefix}-admin`, brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [topic, `${topic}.dlq`].map((t) => ({ topic: t, numPartitions: 6 })) });
  } finally {
    await admin.disconnect();
  }
  return { topic, dlq: `${topic}.dlq` };
}

/** Produces `count` events, a `badRatio` share of them malformed (every kind in turn). */
export async function produceEvents(options: { brokers: string[]; topic: string; count: number; badRatio: number; daysAgo?: number }): Promise<ProducedManifest> {
  // Transient broker states (coordinator loading) are retried; failures still surface as exceptions.
  const kafka = new Kafka({ clientId: 'ingest-test-producer', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const makers = [makePlayEvent, makePlayEvent, makeSkipEvent, makeLikeEvent, makeShareEvent];
  const validIds: string[] = [];
  const badKinds = new Set<string>();
  let badCount = 0;
  const badEvery = options.badRatio > 0 ? Math.round(1 / options.badRatio) : Number.POSITIVE_INFINITY;
  // Events within one day before `now` (or all on the day `daysAgo` days back).
  const now = options.daysAgo === undefined ? Date.now() : Date.parse(`${new Date(Date.now() - options.daysAgo * 86_400_000).toISOString().slice(0, 10)}T23:59:00.000Z`);
  try {
    for (let start = 0; start < options.count; start += 2000) {
      const messages = [];
      for (let i = start; i < Math.min(options.count, start + 2000); i += 1) {
        if ((i + 1) % badEvery === 0) {
          const bad = MALFORMED_CASES[badCount % MALFORMED_CASES.length];
          if (!bad) throw new Error('no malformed cases');
          badCount += 1;
          badKinds.add(bad.name);
          messages.push({ key: `bad-${i}`, value: Buffer.from(bad.payload) });
          continue;
        }
        const make = makers[i % makers.length] ?? makePlayEvent;
        const occurredAt = now - (options.daysAgo === undefined ? i % 86_400 : i % 3600) * 1000;
        const event = make({ event_id: newEventId(occurredAt), user_id: `user-${i % 997}`, occurred_at: new Date(occurredAt).toISOString() });
        validIds.push(event.event_id);
        const encoded = encodeEvent(event);
        messages.push({ key: encoded.key, value: encoded.value, headers: encoded.headers });
      }
      await producer.send({ topic: options.topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return { validIds, badCount, badKinds };
}

export interface IngestProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/** Starts `npm run ingest`'s program as its own process (node + tsx, no wrapper to orphan). */
export function startIngest(env: Record<string, string>, logFile: string): IngestProcess {
  mkdirSync(join(logFile, '..'), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', join(ROOT, 'apps', 'streaming-ingest', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port: Number(env['INGEST_HTTP_PORT']), exited };
}

export async function waitHealthy(ingest: IngestProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ingest.child.exitCode !== null) throw new Error(`ingest exited with ${ingest.child.exitCode} before becoming healthy`);
    try {
      if ((await fetch(`http://127.0.0.1:${ingest.port}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ingest on port ${ingest.port} not healthy after ${timeoutMs} ms`);
}

export async function stopIngest(ingest: IngestProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (ingest.child.exitCode !== null || ingest.child.signalCode !== null) return ingest.child.exitCode;
  ingest.child.kill(signal);
  return ingest.exited;
}

export interface LakeContents {
  bronzeIds: string[];
  quarantine: { error_summary: string; source_offset: number }[];
}

/** Reads what the lake holds now, through our Delta reader. */
export async function readLake(lakeUri: string, storage: StorageOptions = {}): Promise<LakeContents> {
  const read = async (path: readonly string[], columns: string[]) => {
    let table: DeltaTable;
    try {
      table = await DeltaTable.open(openObjectStore(tableUri(lakeUri, ...path), storage), { cacheDirectory: join(ROOT, '.cache', 'delta-files-test') });
    } catch {
      return [];
    }
    try {
      const plan = await table.scan({ columns });
      return await table.duckdb.rows(plan.sql);
    } finally {
      await table.close();
    }
  };
  const bronze = await read(BRONZE_TABLE.path, ['event_id']);
  const quarantine = await read(QUARANTINE_TABLE.path, ['error_summary', 'source_offset']);
  return {
    bronzeIds: bronze.map((r) => String(r['event_id'])),
    quarantine: quarantine.map((r) => ({ error_summary: String(r['error_summary']), source_offset: Number(r['source_offset']) })),
  };
}

/** Polls the lake until it holds `total` records (valid + quarantined) or the time runs out. */
export async function waitForLake(lakeUri: string, total: number, timeoutMs: number, storage: StorageOptions = {}): Promise<LakeContents> {
  const deadline = Date.now() + timeoutMs;
  let contents = await readLake(lakeUri, storage);
  while (contents.bronzeIds.length + contents.quarantine.length < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    contents = await readLake(lakeUri, storage);
  }
  return contents;
}

/** Distinct dead-letter records by source coordinates (the DLQ is at-least-once). */
export async function readDeadLetters(brokers: string[], topic: string, expected: number, timeoutMs: number): Promise<{ sources: Set<string>; reasons: string[] }> {
  const kafka = new Kafka({ clientId: 'ingest-test-dlq', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: `dlq-reader-${Date.now()}-${Math.random()}` });
  const sources = new Set<string>();
  const reasons: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        sources.add(String(message.headers?.['dlq-source']));
        reasons.push(String(message.headers?.['dlq-reason']));
        if (sources.size >= expected) {
          clearTimeout(timer);
          setTimeout(resolve, 500);
        }
      },
    });
  });
  await consumer.disconnect();
  return { sources, reasons };
}

/** Asserts nothing lost, nothing doubled; returns a one-line summary for the test log. */
export function reconcile(manifest: ProducedManifest, lake: LakeContents): { missing: number; duplicated: number; unexpected: number } {
  const expected = new Set(manifest.validIds);
  const seen = new Map<string, number>();
  for (const id of lake.bronzeIds) seen.set(id, (seen.get(id) ?? 0) + 1);
  return {
    missing: manifest.validIds.filter((id) => !seen.has(id)).length,
    duplicated: [...seen.values()].filter((n) => n > 1).length,
    unexpected: [...seen.keys()].filter((id) => !expected.has(id)).length,
  };
}
