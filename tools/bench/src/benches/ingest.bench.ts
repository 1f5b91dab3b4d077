import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '@music/delta';
import { encodeEvent, newEventId } from '@music/events';
import { makePlayEvent, makeSkipEvent } from '@music/events/testing';
import { openObjectStore, tableUri } from '@music/storage';
import { BRONZE_TABLE } from '@music/tables';
import { serviceEndpoint } from '@music/test-support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { compare, median } from '../bench-report';
import type { BenchContext, Benchmark } from '../benchmark';

const EVENTS_AT_SCALE_1 = 200_000;
const FRESHNESS_RATE = 2_000;
const FRESHNESS_SECONDS = 20;

async function createTopic(brokers: string[]): Promise<string> {
  const topic = `bench-ingest-${randomUUID()}`;
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [topic, `${topic}.dlq`].map((t) => ({ topic: t, numPartitions: 6 })) });
  await admin.disconnect();
  return topic;
}

function liveEvent(i: number, at: number) {
  const make = i % 4 === 0 ? makeSkipEvent : makePlayEvent;
  return encodeEvent(make({ event_id: newEventId(at), user_id: `user-${i % 5000}`, occurred_at: new Date(at).toISOString() }));
}

async function produce(brokers: string[], topic: string, count: number, ratePerSecond?: number): Promise<void> {
  const producer = new Kafka({ clientId: 'bench-producer', brokers, logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const chunk = ratePerSecond === undefined ? 5000 : Math.max(1, Math.round(ratePerSecond / 10));
  const started = Date.now();
  for (let sent = 0; sent < count; sent += chunk) {
    if (ratePerSecond !== undefined) {
      const due = started + (sent / ratePerSecond) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const messages = Array.from({ length: Math.min(chunk, count - sent) }, (_, j) => liveEvent(sent + j, Date.now()));
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
  }
  await producer.disconnect();
}

function startIngest(ctx: BenchContext, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ctx.root, 'apps', 'streaming-ingest', 'src', 'main.ts')], {
    cwd: ctx.root,
    env: { ...ctx.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function validCount(port: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/^ingest_events_total\{result="valid"\} (\d+)/m.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Events/s from process ready to the last event committed, on a topic filled beforehand. */
async function measureThroughput(ctx: BenchContext, brokers: string[], count: number, port: number): Promise<number> {
  const topic = await createTopic(brokers);
  await produce(brokers, topic, count);
  const lake = `file://${mkdtempSync(join(tmpdir(), 'bench-lake-'))}`;
  const child = startIngest(ctx, { KAFKA_BROKERS: brokers.join(','), INGEST_TOPIC: topic, INGEST_DLQ_TOPIC: `${topic}.dlq`, INGEST_GROUP: topic, LAKE_URI: lake, INGEST_HTTP_PORT: String(port) });
  try {
    // From the moment the process serves /healthz: the group join (1–3 s) counts against us.
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false))) await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const deadline = started + 600_000;
    for (;;) {
      const seen = await validCount(port);
      if (seen >= count) return seen / ((Date.now() - started) / 1000);
      if (Date.now() > deadline) throw new Error(`only ${seen} of ${count} events ingested in 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await stop(child);
  }
}

/** Kafka's own consumer on a topic of the same events: the ceiling of what reading costs. */
async function consumerPerfTest(ctx: BenchContext, brokers: string[], count: number): Promise<number> {
  const topic = await createTopic(brokers);
  await produce(brokers, topic, count);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ctx.root, 'infra', 'src', 'main.ts'), 'kafka-tool', 'consumer-perf', '--', '--bootstrap-server', brokers.join(','), '--topic', topic, '--num-records', String(count), '--group', `perf-${topic}`, '--timeout', '120000', '--hide-header'],
      { cwd: ctx.root, env: ctx.env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`kafka-consumer-perf-test exited ${code}`))));
  });
  const columns = output.trim().split('\n').pop()?.split(',').map((c) => c.trim()) ?? [];
  const records = Number(columns[4]);
  if (records < count) throw new Error(`kafka-consumer-perf-test read ${records} of ${count} records`);
  return Number(columns[5]);
}

/** Produce-to-visible latency of live events at a steady rate, with the default trigger. */
async function measureFreshness(ctx: BenchContext, brokers: string[], port: number, seconds: number): Promise<number[]> {
  const topic = await createTopic(brokers);
  const lakeDir = mkdtempSync(join(tmpdir(), 'bench-fresh-'));
  const lake = `file://${lakeDir}`;
  const child = startIngest(ctx, { KAFKA_BROKERS: brokers.join(','), INGEST_TOPIC: topic, INGEST_DLQ_TOPIC: `${topic}.dlq`, INGEST_GROUP: topic, LAKE_URI: lake, INGEST_HTTP_PORT: String(port) });
  const latencies: number[] = [];
  try {
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false))) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3000));
    const total = FRESHNESS_RATE * seconds;
    const producing = produce(brokers, topic, total, FRESHNESS_RATE);
    let table: DeltaTable | undefined;
    const seen = new Set<string>();
    const deadline = Date.now() + (seconds + 60) * 1000;
    while (latencies.length < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      table ??= await DeltaTable.open(openObjectStore(tableUri(lake, ...BRONZE_TABLE.path))).catch(() => undefined);
      if (!table) continue;
      const snapshot = await table.refresh();
      const detected = Date.now();
      const fresh = snapshot.files.filter((f) => !seen.has(f.add.path));
      if (fresh.length === 0) continue;
      fresh.forEach((f) => seen.add(f.add.path));
      const paths = fresh.map((f) => (f.location.kind === 'table' ? join(lakeDir, ...BRONZE_TABLE.path, f.location.key) : f.location.uri));
      const rows = await table.duckdb.rows(`SELECT epoch_ms(occurred_at) AS at FROM read_parquet([${paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(', ')}])`);
      for (const row of rows) latencies.push(detected - Number(row['at']));
    }
    await producing;
    await table?.close();
  } finally {
    await stop(child);
  }
  return latencies;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  description: 'Kafka → bronze on local disk: sustained events/s and freshness, vs kafka-consumer-perf-test',
  async run(ctx) {
    const { brokers } = await serviceEndpoint('kafka', ctx.env);
    const count = Math.max(10_000, Math.round(EVENTS_AT_SCALE_1 * ctx.scale));
    const ours: number[] = [];
    const kafkaPerf: number[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      ours.push(await measureThroughput(ctx, brokers, count, 19_650 + run));
      kafkaPerf.push(await consumerPerfTest(ctx, brokers, count));
      ctx.log.info({ run, ingest: Math.round(ours[run] ?? 0), consumerPerfTest: Math.round(kafkaPerf[run] ?? 0) }, 'events/s');
    }
    const p50s: number[] = [];
    const p95s: number[] = [];
    for (let run = 0; run < Math.min(ctx.runs, 3); run++) {
      const latencies = await measureFreshness(ctx, brokers, 19_680 + run, Math.max(5, Math.round(FRESHNESS_SECONDS * Math.min(1, ctx.scale * 2))));
      p50s.push(percentile(latencies, 50) / 1000);
      p95s.push(percentile(latencies, 95) / 1000);
      ctx.log.info({ run, samples: latencies.length, p50: p50s[run], p95: p95s[run] }, 'freshness (s)');
    }
    return {
      dataSize: `${count.toLocaleString('en-US')} pre-produced events per throughput run (~460 bytes each, 6 partitions); freshness: live events at ${FRESHNESS_RATE}/s`,
      comparisons: [
        compare({ metric: 'sustained ingest Kafka → bronze (local disk)', unit: 'events/s', higherIsBetter: true, ours, absoluteTarget: 50_000 }),
        compare({ metric: 'ingest vs Kafka consumer alone (ceiling)', unit: 'events/s', higherIsBetter: true, ours, reference: { name: 'kafka-consumer-perf-test', runs: kafkaPerf } }),
        compare({ metric: 'freshness p50, produce → visible in bronze', unit: 's', higherIsBetter: false, ours: p50s }),
        compare({ metric: 'freshness p95, produce → visible in bronze', unit: 's', higherIsBetter: false, ours: p95s, absoluteTarget: 3 }),
      ],
      notes: [
        'delta-rs write_deltalake on the same rows is not measured yet (see bench/results/delta.json for append throughput against delta-rs).',
        `median events/s: ingest ${Math.round(median(ours))}, kafka-consumer-perf-test ${Math.round(median(kafkaPerf))}`,
      ],
    };
  },
};
