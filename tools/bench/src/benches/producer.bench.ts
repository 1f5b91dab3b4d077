import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { compare } from '../bench-report';
import type { Benchmark, BenchContext } from '../benchmark';

const GENERATED_AT_SCALE_1 = 1_000_000;
const PRODUCED_AT_SCALE_1 = 200_000;
const PARTITIONS = 6;
const TARGET_GENERATED_PER_SECOND = 300_000;
const TARGET_RATIO_TO_KAFKA_TOOL = 0.5;
const PROCESS_TIMEOUT_MS = 5 * 60_000;

/** What `--summary` holds that this bench reads (apps/producer writes it). */
const summarySchema = z.object({
  complete: z.literal(true),
  error: z.null(),
  records: z.number().int().positive(),
  bytes: z.number().int().positive(),
  elapsedMs: z.number().positive(),
  cpuMs: z.number().positive(),
  recordsPerSecond: z.number().positive(),
});
type Summary = z.infer<typeof summarySchema>;

const endpointsSchema = z.object({ KAFKA_BROKERS: z.string().min(1) });

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, env: BenchContext['env']): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
    child.on('error', (error) => reject(new Error(`could not run ${command}`, { cause: error })));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One producer run through its real CLI; its summary times production only (not start-up). */
async function runProducer(ctx: BenchContext, dir: string, args: readonly string[]): Promise<Summary> {
  const summaryPath = join(dir, `summary-${randomUUID()}.json`);
  const main = join(ctx.root, 'apps', 'producer', 'src', 'main.ts');
  const finished = await run(process.execPath, ['--import', 'tsx', main, ...args, '--summary', summaryPath], ctx.root, ctx.env);
  if (finished.code !== 0 || !existsSync(summaryPath)) {
    throw new Error(`producer ${args.join(' ')} exited with ${finished.code}:\n${finished.stderr.slice(-3000)}`);
  }
  const parsed = summarySchema.safeParse(JSON.parse(readFileSync(summaryPath, 'utf8')));
  if (!parsed.success) throw new Error(`unexpected producer summary ${summaryPath}: ${parsed.error.message}`);
  return parsed.data;
}

/** Kafka's own tools from the broker's jars, through the infra CLI (which finds them). */
async function kafkaTool(ctx: BenchContext, tool: string, args: readonly string[]): Promise<string> {
  const finished = await run(process.execPath, ['--import', 'tsx', join(ctx.root, 'infra', 'src', 'main.ts'), 'kafka-tool', tool, '--', ...args], ctx.root, ctx.env);
  if (finished.code !== 0) throw new Error(`kafka-tool ${tool} exited with ${finished.code}:\n${finished.stderr.slice(-3000)}`);
  return finished.stdout;
}

function brokersOf(ctx: BenchContext): string {
  if (ctx.env['KAFKA_BROKERS']) return ctx.env['KAFKA_BROKERS'];
  const file = join(ctx.root, '.run', 'endpoints.json');
  if (existsSync(file)) {
    const parsed = endpointsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data.KAFKA_BROKERS;
  }
  throw new Error('no Kafka broker: set KAFKA_BROKERS or start one with `npm run infra:up -- kafka`');
}

const FINAL_PERF_LINE = /^(\d+) records sent, ([\d.]+) records\/sec/gm;

/** ProducerPerformance's final line: "N records sent, R records/sec (… MB/sec), …". */
function perfToolRate(output: string, expected: number): number {
  const last = [...output.matchAll(FINAL_PERF_LINE)].at(-1);
  if (!last || Number(last[1]) !== expected) throw new Error(`ProducerPerformance did not report ${expected} records sent:\n${output.slice(-2000)}`);
  return Number(last[2]);
}

export const producerBenchmark: Benchmark = {
  name: 'producer',
  description: 'event simulator throughput, and producing to Kafka (kafkajs, @platformatic/kafka) vs Kafka ProducerPerformance',
  async run(ctx: BenchContext) {
    const loadAverage = loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ');
    const dir = mkdtempSync(join(tmpdir(), 'bench-producer-'));
    const generated = Math.max(10_000, Math.round(GENERATED_AT_SCALE_1 * ctx.scale));
    const produced = Math.max(5_000, Math.round(PRODUCED_AT_SCALE_1 * ctx.scale));
    const brokers = brokersOf(ctx);
    const prefix = `bench-producer-${randomUUID().slice(0, 8)}`;
    const topics = { kafkajs: `${prefix}-kafkajs`, platformatic: `${prefix}-platformatic`, reference: `${prefix}-reference` };

    try {
      // (a) Generation alone: simulate, serialise and write NDJSON to /dev/null.
      const generationCpu: number[] = [];
      const generationWall: number[] = [];
      let bytesPerEvent = 0;
      for (let i = 0; i < ctx.runs; i++) {
        const summary = await runProducer(ctx, dir, ['--from', '2025-01-06', '--count', String(generated), '--out', '/dev/null']);
        generationCpu.push(summary.records / (summary.cpuMs / 1000));
        generationWall.push(summary.records / (summary.elapsedMs / 1000));
        bytesPerEvent = Math.round(summary.bytes / summary.records);
        ctx.log.info({ run: i, perCpuSecond: Math.round(generationCpu.at(-1) as number), elapsed: Math.round(generationWall.at(-1) as number) }, 'generation events/s');
      }

      // (b) Into the local broker: the same topic layout, record size, acks and compression for all.
      await kafkaTool(ctx, 'topics', ['--bootstrap-server', brokers, '--create', '--topic', topics.reference, '--partitions', String(PARTITIONS), '--replication-factor', '1']);
      const rates = { kafkajs: [] as number[], platformatic: [] as number[], reference: [] as number[] };
      const contenders = ['kafkajs', 'platformatic', 'reference'] as const;
      for (let i = 0; i < ctx.runs; i++) {
        // Rotate the order so that no contender always runs first (or last) in a round.
        for (let k = 0; k < contenders.length; k++) {
          const who = contenders[(k + i) % contenders.length] as (typeof contenders)[number];
          if (who === 'reference') {
            const output = await kafkaTool(ctx, 'producer-perf', [
              '--bootstrap-server', brokers,
              '--topic', topics.reference,
              '--num-records', String(produced),
              '--record-size', String(bytesPerEvent),
              '--throughput', '-1',
              '--command-property', 'acks=all',
              '--command-property', 'compression.type=none',
            ]);
            rates.reference.push(perfToolRate(output, produced));
          } else {
            const summary = await runProducer(ctx, dir, [
              '--from', '2025-01-06', '--count', String(produced), '--client', who,
              '--brokers', brokers, '--topic', topics[who], '--partitions', String(PARTITIONS), '--compression', 'none',
            ]);
            rates[who].push(summary.recordsPerSecond);
          }
        }
        ctx.log.info({ run: i, kafkajs: rates.kafkajs.at(-1), platformatic: rates.platformatic.at(-1), reference: rates.reference.at(-1) }, 'Kafka records/s');
      }

      const perfTool = 'Kafka ProducerPerformance (org.apache.kafka.tools, Java client)';
      return {
        dataSize: `generation: ${generated.toLocaleString('en-US')} simulated events per run (${bytesPerEvent} bytes/event of compact JSON); Kafka: ${produced.toLocaleString('en-US')} records per run and contender, ${PARTITIONS} partitions, acks=all, no compression`,
        comparisons: [
          compare({ metric: 'generation: simulate + serialise + write NDJSON to /dev/null (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: generationCpu, absoluteTarget: TARGET_GENERATED_PER_SECOND }),
          compare({ metric: 'generation: simulate + serialise + write NDJSON to /dev/null (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: generationWall }),
          compare({ metric: 'produce to the local broker with the kafkajs adapter', unit: 'records/s', higherIsBetter: true, ours: rates.kafkajs, reference: { name: perfTool, runs: rates.reference }, ratioTarget: TARGET_RATIO_TO_KAFKA_TOOL }),
          compare({ metric: 'produce to the local broker with the @platformatic/kafka adapter', unit: 'records/s', higherIsBetter: true, ours: rates.platformatic, reference: { name: perfTool, runs: rates.reference }, ratioTarget: TARGET_RATIO_TO_KAFKA_TOOL }),
          compare({ metric: '@platformatic/kafka adapter vs kafkajs adapter', unit: 'records/s', higherIsBetter: true, ours: rates.platformatic, reference: { name: 'kafkajs adapter', runs: rates.kafkajs } }),
        ],
        notes: [
          `Load average (1/5/15 min) when the bench started: ${loadAverage}; the 2 cores are shared with other work, so elapsed-time figures move with it. "Per CPU second" divides by the producer process's CPU time (GC threads included): what one core delivers.`,
          'Generation runs the real CLI (--from 2025-01-06 --count N --out /dev/null): the simulated population, sessions and catalogue, UUIDv7 ids, compact JSON written straight into buffers from the simulation\'s state (no event object or string per record), and the NDJSON writes; start-up (building 10,000 users and 40,000 tracks, about 1 s) is not timed. The output for a seed is pinned (libs/simulator/src/simulator-output-digest.spec.ts). eventsim, for scale, is reported at 115–147k events/s; it is not runnable here (not on any package registry), so it is not re-measured.',
          'Kafka contenders run in turn, the order rotated every round, each against its own topic with the same partitions; records/s is records acknowledged over the production time (start-up and topic creation excluded; ProducerPerformance reports its own).',
          `Our producer: idempotent, acks=all, records keyed by user (murmur2, like the Java client), at most ${PARTITIONS} × 400 kB per request, exactly one request in flight (both JS clients have lost records with concurrent idempotent sends: kafkajs#1005, platformatic/kafka#326), and it simulates the events it sends in the same thread. ProducerPerformance: Java client defaults (idempotent, batch.size 16 kB, linger.ms 5, several requests in flight from its own sender thread), null keys, random payloads of the same average size (${bytesPerEvent} bytes).`,
        ],
      };
    } finally {
      await kafkaTool(ctx, 'topics', ['--bootstrap-server', brokers, '--delete', '--topic', `${prefix}-.*`]).catch((error: unknown) => ctx.log.warn({ err: error, prefix }, 'could not delete the bench topics'));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
