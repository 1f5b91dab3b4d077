import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeltaTable } from '@music/delta';
import { encodeEvent, newEventId, type EncodedEvent } from '@music/events';
import { makePlayEvent, makeSkipEvent } from '@music/events/testing';
import { ListeningSimulator } from '@music/simulator';
import { openObjectStore, tableUri } from '@music/storage';
import { BRONZE_TABLE } from '@music/tables';
import { deltaReferee, serviceEndpoint, type RefereeColumnType } from '@music/test-support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { z } from 'zod';
import { compare, median } from '../bench-report';
import { BENCH_CHILD_FLAGS, bronzeRows, bronzeWriteBatch, INGEST_NODE_FLAGS, SIMULATED_USERS, type OurBronzeWrites } from './bronze-write';
import type { BenchContext, Benchmark } from '../benchmark';

const EVENTS_AT_SCALE_1 = 500_000;
/** The ingest's default micro-batch (INGEST_BATCH_MAX_RECORDS). */
const BATCH_AT_SCALE_1 = 50_000;
const FRESHNESS_RATE = 2_000;
const FRESHNESS_SECONDS = 20;
const SIMULATED_HOURS_AGO = 12;

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

type EventSource = (index: number, atMs: number) => EncodedEvent;

/**
 * The producer's events: the simulator's listeners (Zipf artists, real names, every event type)
 * from 12 hours ago, in time order, each record byte for byte what the producer (apps/producer) writes.
 */
function simulatedEvents(seed: string): EventSource {
  const simulator = ListeningSimulator.create({ seed, startMs: Date.now() - SIMULATED_HOURS_AGO * 3_600_000, users: SIMULATED_USERS });
  return (index) => {
    const event = simulator.next();
    if (event === undefined) throw new Error(`ingest bench: the simulator stopped after ${index} events`);
    return encodeEvent(event);
  };
}

/** Produces `count` events of `eventAt`; returns the bytes of their values. */
async function produce(brokers: string[], topic: string, count: number, eventAt: EventSource, ratePerSecond?: number): Promise<number> {
  const producer = new Kafka({ clientId: 'bench-producer', brokers, logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const chunk = ratePerSecond === undefined ? 5000 : Math.max(1, Math.round(ratePerSecond / 10));
  const started = Date.now();
  let bytes = 0;
  for (let sent = 0; sent < count; sent += chunk) {
    if (ratePerSecond !== undefined) {
      const due = started + (sent / ratePerSecond) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    const messages = Array.from({ length: Math.min(chunk, count - sent) }, (_, j) => eventAt(sent + j, Date.now()));
    for (const message of messages) bytes += message.value.byteLength;
    await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
  }
  await producer.disconnect();
  return bytes;
}

function startIngest(ctx: BenchContext, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...INGEST_NODE_FLAGS, '--import', 'tsx', join(ctx.root, 'apps', 'streaming-ingest', 'src', 'main.ts')], {
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

interface Throughput {
  /** Events/s from the process serving /healthz (consumer group join included) to the last event committed. */
  fromReady: number;
  /** Events/s from the first batch committed to the last: the steady state, without start-up. */
  sustained: number;
  /** Mean size of the events' Kafka values, bytes. */
  eventBytes: number;
}

/** Ingest throughput on a topic filled beforehand. */
async function measureThroughput(ctx: BenchContext, brokers: string[], count: number, port: number): Promise<Throughput> {
  const topic = await createTopic(brokers);
  const eventBytes = (await produce(brokers, topic, count, simulatedEvents('bench-ingest'))) / count;
  const lakeDir = mkdtempSync(join(tmpdir(), 'bench-lake-'));
  const lake = `file://${lakeDir}`;
  const child = startIngest(ctx, { KAFKA_BROKERS: brokers.join(','), INGEST_TOPIC: topic, INGEST_DLQ_TOPIC: `${topic}.dlq`, INGEST_GROUP: topic, LAKE_URI: lake, INGEST_HTTP_PORT: String(port) });
  try {
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false))) await new Promise((r) => setTimeout(r, 50));
    const ready = Date.now();
    const deadline = ready + 600_000;
    let first: { at: number; seen: number } | undefined;
    for (;;) {
      const seen = await validCount(port);
      const at = Date.now();
      if (seen > 0 && first === undefined) first = { at, seen };
      if (seen >= count && first !== undefined) {
        const sustained = first.seen >= count ? Number.NaN : (seen - first.seen) / ((at - first.at) / 1000);
        return { fromReady: seen / ((at - ready) / 1000), sustained, eventBytes };
      }
      if (at > deadline) throw new Error(`only ${seen} of ${count} events ingested in 10 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await stop(child);
    rmSync(lakeDir, { recursive: true, force: true });
  }
}

/** Kafka's own consumer on a topic of the same events: the ceiling of what reading costs (msg/s overall, and fetching only, rebalance excluded). */
async function consumerPerfTest(ctx: BenchContext, brokers: string[], count: number): Promise<{ overall: number; fetching: number }> {
  const topic = await createTopic(brokers);
  await produce(brokers, topic, count, simulatedEvents('bench-ingest'));
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
  // Columns: start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec.
  return { overall: Number(columns[5]), fetching: Number(columns[9]) };
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
    const producing = produce(brokers, topic, total, liveEvent, FRESHNESS_RATE);
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
    rmSync(lakeDir, { recursive: true, force: true });
  }
  return latencies;
}

interface BronzeWriteRuns extends OurBronzeWrites {
  deltaRs: number[];
  deltaRsFromJson: number[];
}

const execFileAsync = promisify(execFile);
const rates = z.array(z.number().positive()).min(1);
const ourWrites = z.object({ ours: rates, oursFromValues: rates, duckdbLines: rates });

/**
 * The bronze write alone on the ingest's rows, against delta-rs on the same rows: one batch of
 * `batch` simulated events. Ours runs in a child process with the ingest's Node.js flags
 * (bronze-write/main.ts, see measureOurBronzeWrites); delta-rs gets the same rows, built here
 * from the same simulator start. The runs alternate (ours, then delta-rs's), so that a host
 * that slows down or speeds up during the bench weighs on both sides alike.
 */
async function bronzeWrite(ctx: BenchContext, batch: number): Promise<BronzeWriteRuns> {
  const startMs = Date.now() - SIMULATED_HOURS_AGO * 3_600_000;
  const ingestedAt = new Date();
  const script = join(ctx.root, 'tools', 'bench', 'src', 'bronze-write', 'main.ts');
  const args = [...INGEST_NODE_FLAGS, ...BENCH_CHILD_FLAGS, '--import', 'tsx', script, '--batch', String(batch), '--runs', '1', '--start-ms', String(startMs), '--ingested-at', String(ingestedAt.getTime())];
  const ourRun = async (): Promise<OurBronzeWrites> => {
    const { stdout } = await execFileAsync(process.execPath, args, { cwd: ctx.root, env: ctx.env, maxBuffer: 1 << 20 });
    let figures: unknown;
    try {
      figures = JSON.parse(stdout);
    } catch (cause) {
      throw new Error(`ingest bench: the bronze-write child printed no JSON: ${stdout.slice(0, 200)}`, { cause });
    }
    const parsed = ourWrites.safeParse(figures);
    if (!parsed.success) throw new Error(`ingest bench: unreadable figures from the bronze-write child: ${stdout.slice(0, 200)}`, { cause: parsed.error });
    return parsed.data;
  };

  const root = mkdtempSync(join(tmpdir(), 'bench-bronze-write-delta-rs-'));
  try {
    const referee = await deltaReferee({ cacheDir: join(ctx.root, '.cache'), env: ctx.env });
    const rows = bronzeRows(bronzeWriteBatch(batch, startMs), ingestedAt) as unknown as Record<string, unknown>[];
    const schema: [string, RefereeColumnType][] = BRONZE_TABLE.columns.map((column) => [column.name, column.type]);
    // One timed append a call, each to the table the earlier runs filled (the first call creates it, untimed).
    const options = { schema, partitionBy: [...BRONZE_TABLE.partitionColumns], batches: 1 };
    const runs: BronzeWriteRuns = { ours: [], oursFromValues: [], duckdbLines: [], deltaRs: [], deltaRsFromJson: [] };
    for (let run = 0; run < ctx.runs; run++) {
      const ours = await ourRun();
      runs.ours.push(...ours.ours);
      runs.oursFromValues.push(...ours.oursFromValues);
      runs.duckdbLines.push(...ours.duckdbLines);
      runs.deltaRs.push(...(await referee.benchWrite(join(root, 'delta-rs'), rows, options)).seconds.map((seconds) => batch / seconds));
      runs.deltaRsFromJson.push(...(await referee.benchWriteJson(join(root, 'delta-rs-json'), rows, options)).seconds.map((seconds) => batch / seconds));
      ctx.log.info({ run, ours: Math.round(runs.ours[run] as number), deltaRs: Math.round(runs.deltaRs[run] as number) }, 'bronze write rows/s');
    }
    return runs;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  description: 'Kafka → bronze on local disk: sustained events/s and freshness, vs kafka-consumer-perf-test',
  async run(ctx) {
    const loadAverage = () =>
      loadavg()
        .map((load) => load.toFixed(2))
        .join(' / ');
    const loadAtStart = loadAverage();
    const { brokers } = await serviceEndpoint('kafka', ctx.env);
    const count = Math.max(10_000, Math.round(EVENTS_AT_SCALE_1 * ctx.scale));
    const ours: number[] = [];
    const fromReady: number[] = [];
    const kafkaPerf: number[] = [];
    const kafkaPerfFetching: number[] = [];
    let eventBytes = 0;
    for (let run = 0; run < ctx.runs; run++) {
      const throughput = await measureThroughput(ctx, brokers, count, 19_650 + run);
      ours.push(throughput.sustained);
      fromReady.push(throughput.fromReady);
      eventBytes = throughput.eventBytes;
      const perf = await consumerPerfTest(ctx, brokers, count);
      kafkaPerf.push(perf.overall);
      kafkaPerfFetching.push(perf.fetching);
      ctx.log.info({ run, sustained: Math.round(throughput.sustained), fromReady: Math.round(throughput.fromReady), consumerPerfTest: Math.round(perf.overall), consumerPerfTestFetching: Math.round(perf.fetching) }, 'events/s');
    }
    const batch = Math.max(5_000, Math.round(BATCH_AT_SCALE_1 * ctx.scale));
    const write = await bronzeWrite(ctx, batch);
    ctx.log.info(
      {
        batch,
        ours: Math.round(median(write.ours)),
        oursFromValues: Math.round(median(write.oursFromValues)),
        duckdbLines: Math.round(median(write.duckdbLines)),
        deltaRs: Math.round(median(write.deltaRs)),
        deltaRsFromJson: Math.round(median(write.deltaRsFromJson)),
      },
      'bronze write rows/s',
    );
    const p50s: number[] = [];
    const p95s: number[] = [];
    for (let run = 0; run < Math.min(ctx.runs, 3); run++) {
      const latencies = await measureFreshness(ctx, brokers, 19_680 + run, Math.max(5, Math.round(FRESHNESS_SECONDS * Math.min(1, ctx.scale * 2))));
      p50s.push(percentile(latencies, 50) / 1000);
      p95s.push(percentile(latencies, 95) / 1000);
      ctx.log.info({ run, samples: latencies.length, p50: p50s[run], p95: p95s[run] }, 'freshness (s)');
    }
    return {
      dataSize: `${count.toLocaleString('en-US')} simulated events per throughput run (${SIMULATED_USERS.toLocaleString('en-US')} listeners, ${Math.round(eventBytes)} bytes each on average, 6 partitions); freshness: live events at ${FRESHNESS_RATE}/s`,
      comparisons: [
        compare({
          metric: 'sustained ingest Kafka → bronze (local disk), first batch committed to last',
          unit: 'events/s',
          higherIsBetter: true,
          ours,
          reference: { name: 'kafka-consumer-perf-test, fetching only (fetch.nMsg.sec, rebalance excluded): the ceiling', runs: kafkaPerfFetching },
          absoluteTarget: 50_000,
        }),
        compare({
          metric: 'ingest Kafka → bronze from process ready (consumer group join included)',
          unit: 'events/s',
          higherIsBetter: true,
          ours: fromReady,
          reference: { name: 'kafka-consumer-perf-test overall (nMsg.sec, rebalance included)', runs: kafkaPerf },
        }),
        compare({
          metric: `bronze write alone, ${batch.toLocaleString('en-US')} ingest rows per commit (local disk)`,
          unit: 'rows/s',
          higherIsBetter: true,
          ours: write.ours,
          reference: { name: 'delta-rs write_deltalake of the same rows (timed inside Python)', runs: write.deltaRs },
          ratioTarget: 1,
        }),
        compare({
          metric: `bronze write from the Kafka values (JSON), decoding included, ${batch.toLocaleString('en-US')} ingest rows per commit (local disk)`,
          unit: 'rows/s',
          higherIsBetter: true,
          ours: write.oursFromValues,
          reference: { name: 'pyarrow read_json + delta-rs write_deltalake of the same rows (timed inside Python)', runs: write.deltaRsFromJson },
        }),
        compare({
          metric: `bronze write alone through DuckDB (JSON lines → zstd Parquet: bronze tables of another codec), ${batch.toLocaleString('en-US')} rows per commit (local disk)`,
          unit: 'rows/s',
          higherIsBetter: true,
          ours: write.duckdbLines,
          reference: { name: 'delta-rs write_deltalake of the same rows (timed inside Python)', runs: write.deltaRs },
        }),
        compare({
          metric: 'ingest Kafka → bronze vs delta-rs writing the same rows alone (ceiling)',
          unit: 'events/s',
          higherIsBetter: true,
          ours,
          reference: { name: 'delta-rs write_deltalake of the same rows (timed inside Python)', runs: write.deltaRs },
        }),
        compare({ metric: 'freshness p50, produce → visible in bronze', unit: 's', higherIsBetter: false, ours: p50s }),
        compare({ metric: 'freshness p95, produce → visible in bronze', unit: 's', higherIsBetter: false, ours: p95s, absoluteTarget: 3 }),
      ],
      notes: [
        `Load average (1/5/15 min): ${loadAtStart} when the bench started, ${loadAverage()} when it ended; 2 cores shared with other processes.`,
        `median events/s: ingest ${Math.round(median(ours))} sustained, ${Math.round(median(fromReady))} from ready; kafka-consumer-perf-test ${Math.round(median(kafkaPerfFetching))} fetching, ${Math.round(median(kafkaPerf))} overall; bronze write alone ${Math.round(median(write.ours))} rows/s (${Math.round(median(write.oursFromValues))} from the Kafka values, ${Math.round(median(write.duckdbLines))} through DuckDB), delta-rs ${Math.round(median(write.deltaRs))} rows/s from Arrow, ${Math.round(median(write.deltaRsFromJson))} rows/s from JSON lines`,
        `Ingest on a topic filled beforehand with ${count.toLocaleString('en-US')} events of the simulator (seed bench-ingest, ${SIMULATED_USERS.toLocaleString('en-US')} listeners from ${SIMULATED_HOURS_AGO} hours before the run, every event type, real names), the JSON the producer (apps/producer) writes; the process decodes and validates every record and writes bronze (and would write quarantine and the DLQ) exactly once, with its default settings. Sustained: events committed after the first batch, over the time from the first commit to the last (the ingest's /metrics counter polled every 50 ms). From ready: all events over the time from the process serving /healthz (consumer group join, 1-3 s, included) to the last commit. kafka-consumer-perf-test gives the same two views of Kafka's own consumer.`,
        `Bronze write alone: the ingest's bronze appender (DeltaBronzeAppender) on one batch of ${batch.toLocaleString('en-US')} simulated events decoded and validated beforehand by decodeEvents, which keeps what the event scanner read (untimed, as writeBatch does it before the append): the WebAssembly Parquet encoder takes the scanner's output → one snappy Parquet file per event_date with statistics → one commit with 6 txns; local store fsyncs. From the Kafka values: decodeEvents (every rule of the event schema) and the append timed together, reported only: pyarrow's reader checks types, not the schema's rules. delta-rs gets the same rows (toBronzeRow) as a ready Arrow table (conversion untimed), or as JSON lines that pyarrow's JSON reader parses with the bronze schema (timed), and writes snappy Parquet without fsync. Our side runs in a child process with the ingest's Node.js flags (--max-semi-space-size=64). Through DuckDB: the path of bronze tables created with another codec (JSON lines of the Kafka values → DuckDB → zstd Parquet). Ours (a child process each run: a warm-up append, then one timed append each way, to a new table) and delta-rs's (one timed append a call, to the table of the earlier runs) alternate, so that the shared host's drifts weigh on both sides.`,
      ],
    };
  },
};
