import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { decodeEvent, type ListeningEvent } from '@music/events';
import { MALFORMED_CASES } from '@music/events/testing';
import { serviceEndpoint } from '@music/test-support';
import type { ManifestDocument } from './run-manifest';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'producer', 'src', 'main.ts');

interface Produced {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  elapsedMs: number;
}

/** Runs the real CLI in its own process (one process: signals reach it directly), as an operator would. */
function produce(args: string[], env: Record<string, string> = {}, whileRunning?: (pid: number) => void): Promise<Produced> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('spawn', () => whileRunning?.(child.pid as number));
    child.on('close', (code, signal) => resolve({ code, signal, stderr, elapsedMs: Date.now() - started }));
  });
}

interface Consumed {
  key: string;
  value: Buffer;
  headers: Record<string, Buffer>;
  partition: number;
  offset: string;
}

/** Reads `expected` records of a topic from the beginning with a fresh consumer group. */
async function consumeAll(kafka: Kafka, topic: string, expected: number): Promise<Consumed[]> {
  const consumer = kafka.consumer({ groupId: `producer-int-${randomUUID()}`, maxBytes: 20 * 1024 * 1024 });
  const records: Consumed[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${records.length} of ${expected} records arrived in ${topic}`)), 90_000);
      void consumer
        .run({
          eachBatchAutoResolve: true,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              records.push({
                key: message.key?.toString() ?? '',
                value: message.value ?? Buffer.alloc(0),
                headers: message.headers as Record<string, Buffer>,
                partition: batch.partition,
                offset: message.offset,
              });
            }
            if (records.length >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    // Anything beyond `expected` that arrives in the next moment would be a duplicate.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } finally {
    await consumer.disconnect();
  }
  return records;
}

function readManifest(path: string): ManifestDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as ManifestDocument;
}

function decodeAll(records: readonly Consumed[]): { events: ListeningEvent[]; refused: Consumed[] } {
  const events: ListeningEvent[] = [];
  const refused: Consumed[] = [];
  for (const record of records) {
    const result = decodeEvent(record.value, record.headers);
    if (result.ok) events.push(result.event);
    else refused.push(record);
  }
  return { events, refused };
}

function expectManifestToMatch(manifest: ManifestDocument, events: readonly ListeningEvent[]): void {
  const ids = events.map((e) => e.event_id).sort();
  expect(ids).toHaveLength(manifest.eventIds.count);
  expect(ids).toEqual(manifest.eventIds.sorted);
  expect(createHash('sha256').update(ids.map((id) => `${id}\n`).join('')).digest('hex')).toBe(manifest.eventIds.sha256);
  const byType = { play: 0, skip: 0, like: 0, share: 0 };
  for (const event of events) byType[event.event_type]++;
  expect(manifest.events).toEqual({ total: events.length, ...byType });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('producer CLI against the real Kafka broker', () => {
  let brokers: string[];
  let kafka: Kafka;
  let admin: Admin;
  const topics: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'producer-int-'));
  const newTopic = () => {
    const topic = `producer-int-${randomUUID()}`;
    topics.push(topic);
    return topic;
  };

  beforeAll(async () => {
    ({ brokers } = await serviceEndpoint('kafka', process.env));
    kafka = new Kafka({ clientId: 'producer-int-test', brokers, logLevel: logLevel.WARN });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) }).catch(() => undefined);
    await admin.disconnect();
  });

  it.each(['kafkajs', 'platformatic'])('delivers 100,000 events with %s, exactly as the manifest says, keyed and ordered per user', async (client) => {
    const topic = newTopic();
    const manifestPath = join(dir, `${client}.json`);
    const run = await produce(['--from', '2025-01-06', '--count', '100000', '--client', client, '--brokers', brokers.join(','), '--topic', topic, '--manifest', manifestPath]);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const manifest = readManifest(manifestPath);
    expect(manifest).toMatchObject({ complete: true, records: 100_000, undelivered: 0, malformed: { total: 0 } });

    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(6);
    const records = await consumeAll(kafka, topic, 100_000);
    expect(records).toHaveLength(100_000);
    const { events, refused } = decodeAll(records);
    expect(refused).toEqual([]);
    expectManifestToMatch(manifest, events);

    // Keyed by user: each user on one partition, in time order there.
    const partitionOf = new Map<string, number>();
    const lastAt = new Map<string, string>();
    const problems: string[] = [];
    records.forEach((record, i) => {
      const event = events[i] as ListeningEvent;
      if (record.key !== event.user_id) problems.push(`key ${record.key} for user ${event.user_id}`);
      const partition = partitionOf.get(event.user_id) ?? record.partition;
      if (partition !== record.partition) problems.push(`${event.user_id} on partitions ${partition} and ${record.partition}`);
      partitionOf.set(event.user_id, partition);
      if ((lastAt.get(event.user_id) ?? '') > event.occurred_at) problems.push(`${event.user_id} out of order at offset ${record.offset}`);
      lastAt.set(event.user_id, event.occurred_at);
    });
    expect(problems.slice(0, 5)).toEqual([]);
    expect(new Set(records.map((r) => r.partition)).size).toBe(6);
  });

  it('counts malformed records by kind, and readers refuse exactly those', async () => {
    const topic = newTopic();
    const manifestPath = join(dir, 'bad.json');
    const run = await produce(['--from', '2025-01-06', '--count', '20000', '--bad-ratio', '0.05', '--brokers', brokers.join(','), '--topic', topic, '--manifest', manifestPath]);
    expect(run.code).toBe(0);
    const manifest = readManifest(manifestPath);
    expect(manifest.records).toBe(20_000);
    expect(manifest.malformed.total).toBeGreaterThan(800);
    expect(Object.keys(manifest.malformed.byKind).length).toBeGreaterThan(MALFORMED_CASES.length * 0.9);

    const records = await consumeAll(kafka, topic, 20_000);
    const { events, refused } = decodeAll(records);
    expectManifestToMatch(manifest, events);
    const kindOf = new Map(MALFORMED_CASES.map((c) => [Buffer.from(c.payload).toString('base64'), c.name]));
    expect(kindOf.size).toBe(MALFORMED_CASES.length);
    const byKind: Record<string, number> = {};
    for (const record of refused) {
      const kind = kindOf.get(record.value.toString('base64')) ?? `unknown payload ${record.value.toString('utf8', 0, 60)}`;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    expect(byKind).toEqual(manifest.malformed.byKind);
    expect(refused).toHaveLength(manifest.malformed.total);
  });

  it.each(['kafkajs', 'platformatic'])('with %s, fails fast and clearly when no broker answers, listing nothing as delivered', async (client) => {
    const port = await closedPort();
    const manifestPath = join(dir, `unreachable-${client}.json`);
    const run = await produce(['--from', '2025-01-06', '--count', '1000', '--client', client, '--brokers', `127.0.0.1:${port}`, '--topic', 'never-created', '--manifest', manifestPath], {
      PRODUCER_RETRIES: '2',
      PRODUCER_RETRY_INITIAL_MS: '100',
      PRODUCER_RETRY_MAX_MS: '300',
      PRODUCER_CONNECT_TIMEOUT_MS: '500',
      PRODUCER_REQUEST_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'error',
    });
    expect(run.code).toBe(1);
    expect(run.elapsedMs).toBeLessThan(30_000);
    expect(run.stderr).toContain(`Kafka brokers 127.0.0.1:${port}`);
    expect(readManifest(manifestPath)).toMatchObject({ complete: false, records: 0, eventIds: { count: 0 } });
  });

  it('on SIGTERM in live mode, flushes what it produced and exits 0 with a matching manifest', async () => {
    const topic = newTopic();
    const manifestPath = join(dir, 'live.json');
    const startedAt = Date.now();
    const run = await produce(['--rate', '300', '--users', '20000', '--brokers', brokers.join(','), '--topic', topic, '--manifest', manifestPath], {}, (pid) => {
      setTimeout(() => process.kill(pid, 'SIGTERM'), 8_000);
    });
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain('stopping');
    const manifest = readManifest(manifestPath);
    expect(manifest.complete).toBe(true);
    expect(manifest.records).toBeGreaterThan(1_000);
    const records = await consumeAll(kafka, topic, manifest.records);
    expect(records).toHaveLength(manifest.records);
    const { events } = decodeAll(records);
    expectManifestToMatch(manifest, events);
    // Live events happen now: none before the run started, none after it ended.
    const times = events.map((e) => Date.parse(e.occurred_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(startedAt);
    expect(Math.max(...times)).toBeLessThanOrEqual(startedAt + run.elapsedMs);
  });
});
