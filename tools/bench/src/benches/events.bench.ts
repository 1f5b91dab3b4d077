import { decodeEvent, listeningEventSchema, validateEvent, type EncodedEvent } from '@music/events';
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ALONE_PATHS, DECODE_BATCH, decodeInBatches, parseEach, type AlonePath } from './events-alone';
import { asFetchedRecords, generateEvents } from './generated-events';
import { compare, median } from '../bench-report';
import type { Benchmark, BenchContext } from '../benchmark';

const EVENTS_AT_SCALE_1 = 200_000;
const TARGET_EVENTS_PER_SECOND = 1_000_000;

/** Processes records [start, end) one way and returns how many it accepted. */
type PathBody = (start: number, end: number) => number;

interface Path {
  name: string;
  body: PathBody;
}

/** Seconds spent in each path during one run: elapsed, and on-CPU (this process's user + system time). */
interface PathTimes {
  wall: number;
  cpu: number;
}

const CHUNK = 10_000;

/**
 * One run over every record for each path, interleaved chunk by chunk (and the order rotated)
 * so that the paths share whatever else the machine is doing. Each path must accept every record.
 */
function measureRun(count: number, paths: readonly Path[]): PathTimes[] {
  const times = paths.map(() => ({ wall: 0, cpu: 0 }));
  const accepted = paths.map(() => 0);
  for (let start = 0, turn = 0; start < count; start += CHUNK, turn++) {
    const end = Math.min(count, start + CHUNK);
    for (let k = 0; k < paths.length; k++) {
      const p = (k + turn) % paths.length;
      const cpu0 = process.cpuUsage();
      const wall0 = process.hrtime.bigint();
      accepted[p] = (accepted[p] as number) + (paths[p] as Path).body(start, end);
      const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      (times[p] as PathTimes).wall += wall;
      (times[p] as PathTimes).cpu += (cpu.user + cpu.system) / 1e6;
    }
  }
  accepted.forEach((n, p) => {
    if (n !== count) throw new Error(`events bench: ${(paths[p] as Path).name} accepted only ${n} of ${count} generated events`);
  });
  return times;
}

/**
 * The measured paths. The first three take the Kafka values (Buffers) as consumers get them; the
 * split ones start from the values already decoded (texts) or parsed (objects), so that each
 * stage of the JSON.parse + zod path is timed on its own.
 */
function pathsOver(records: readonly EncodedEvent[], nowMs: number): Path[] {
  const texts = records.map((r) => r.value.toString('utf8'));
  const objects = texts.map((t) => JSON.parse(t) as unknown);
  const count = (start: number, end: number, accept: (i: number) => boolean): number => {
    let accepted = 0;
    for (let i = start; i < end; i++) if (accept(i)) accepted++;
    return accepted;
  };
  const record = (i: number) => records[i] as EncodedEvent;
  // The same events with their members in reverse order: valid, but laid out as no writer of ours does.
  const reordered = objects.map((o) => Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(o as object).reverse())), 'utf8'));
  return [
    { name: 'decodeEvents', body: (s, e) => decodeInBatches(records, s, e, nowMs) },
    { name: 'decodeEvent', body: (s, e) => count(s, e, (i) => decodeEvent(record(i).value, record(i).headers).ok) },
    { name: 'JSON.parse', body: (s, e) => parseEach(records, s, e) },
    // The path taken when the fast path steps aside: JSON.parse, then zod through the version chain.
    { name: 'JSON.parse + zod', body: (s, e) => count(s, e, (i) => validateEvent(JSON.parse(record(i).value.toString('utf8'))).ok) },
    { name: 'UTF-8 decode', body: (s, e) => count(s, e, (i) => record(i).value.toString('utf8').length > 0) },
    { name: 'JSON.parse of decoded text', body: (s, e) => count(s, e, (i) => typeof JSON.parse(texts[i] as string) === 'object') },
    { name: 'zod safeParse of parsed object', body: (s, e) => count(s, e, (i) => listeningEventSchema.safeParse(objects[i]).success) },
    { name: 'validateEvent of parsed object', body: (s, e) => count(s, e, (i) => validateEvent(objects[i]).ok) },
    { name: 'decodeEvent, members reordered', body: (s, e) => count(s, e, (i) => decodeEvent(reordered[i], record(i).headers).ok) },
    { name: 'UTF-8 decode + slice values, no checks', body: (s, e) => count(s, e, (i) => sliceValuesOnly(record(i).value)) },
  ];
}

/**
 * The floor of a decoder that decodes each value as UTF-8 and searches it with indexOf: find the
 * 16 string values and slice them out into the two objects an event needs, checking nothing.
 */
function sliceValuesOnly(value: Buffer): boolean {
  const text = value.toString('utf8');
  const values: string[] = [];
  for (let at = 0, i = 0; i < 16; i++) {
    const start = text.indexOf(':"', at);
    if (start < 0) break;
    const end = text.indexOf('"', start + 2);
    values.push(text.slice(start + 2, end));
    at = end + 1;
  }
  const track = { a: values[5], b: values[6], c: values[7], d: values[8], e: values[9], f: 0 };
  const event = { a: values[0], b: values[1], c: values[2], d: values[3], e: values[4], track, f: values[10], g: values[11], h: values[12], i: values[13], j: values[14], k: 0 };
  return event.track === track;
}

const nsPerEvent = (eventsPerSecond: readonly number[]): number[] => eventsPerSecond.map((rate) => 1e9 / rate);

const execFileAsync = promisify(execFile);
const ALONE_PASSES = 5;
const aloneFigures = z.object({ cpu: z.array(z.number().positive()).min(1), wall: z.array(z.number().positive()).min(1) });

/** One path alone in a child process (events-alone/main.ts): the medians of its passes. */
async function measureInChild(ctx: BenchContext, path: AlonePath, count: number, nowMs: number): Promise<{ cpu: number; wall: number }> {
  const script = join(ctx.root, 'tools', 'bench', 'src', 'events-alone', 'main.ts');
  const args = ['--import', 'tsx', script, '--path', path, '--count', String(count), '--now', String(nowMs), '--passes', String(ALONE_PASSES)];
  const { stdout } = await execFileAsync(process.execPath, args, { cwd: ctx.root, maxBuffer: 1 << 20 });
  let figures: unknown;
  try {
    figures = JSON.parse(stdout);
  } catch (cause) {
    throw new Error(`events bench: the ${path} child printed no JSON: ${stdout.slice(0, 200)}`, { cause });
  }
  const parsed = aloneFigures.safeParse(figures);
  if (!parsed.success) throw new Error(`events bench: unreadable figures from the ${path} child: ${stdout.slice(0, 200)}`, { cause: parsed.error });
  return { cpu: median(parsed.data.cpu), wall: median(parsed.data.wall) };
}

export const eventsBenchmark: Benchmark = {
  name: 'events',
  description: 'decode + validate Kafka listening events (decodeEvents, as the ingest does, and decodeEvent) vs plain JSON.parse, and the time of each stage',
  async run(ctx: BenchContext) {
    const loadAverage = loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ');
    const count = Math.max(1000, Math.round(EVENTS_AT_SCALE_1 * ctx.scale));
    const nowMs = Date.now();
    const events = generateEvents(count, nowMs);
    const { records, bytes } = asFetchedRecords(events);
    ctx.log.info({ count, bytes }, 'generated events');
    const paths = pathsOver(records, nowMs);
    // Warm-up: let V8 optimise each loop before measuring.
    for (let i = 0; i < 3; i++) for (const path of paths) path.body(0, Math.min(20_000, count));
    const wall: number[][] = paths.map(() => []);
    const cpu: number[][] = paths.map(() => []);
    for (let run = 0; run < ctx.runs; run++) {
      const times = measureRun(count, paths);
      times.forEach((t, p) => {
        (wall[p] as number[]).push(count / t.wall);
        (cpu[p] as number[]).push(count / t.cpu);
      });
      ctx.log.info(Object.fromEntries(paths.map((path, p) => [path.name, Math.round(count / (times[p] as PathTimes).cpu)])), `run ${run}: events per CPU second`);
    }
    // Then decodeEvents and JSON.parse each alone in a process of its own, alternately.
    const alone = { decodeEvents: { cpu: [] as number[], wall: [] as number[] }, 'JSON.parse': { cpu: [] as number[], wall: [] as number[] } };
    for (let run = 0; run < ctx.runs; run++) {
      for (const path of run % 2 === 0 ? ALONE_PATHS : [...ALONE_PATHS].reverse()) {
        const figures = await measureInChild(ctx, path, count, nowMs);
        alone[path].cpu.push(figures.cpu);
        alone[path].wall.push(figures.wall);
      }
      ctx.log.info({ decodeEvents: Math.round(alone.decodeEvents.cpu[run] as number), 'JSON.parse': Math.round(alone['JSON.parse'].cpu[run] as number) }, `run ${run}: events per CPU second, each path alone in its own process`);
    }
    const [batchWall, decodeWall, jsonWall, zodWall] = wall as [number[], number[], number[], number[]];
    const [batchCpu, decodeCpu, jsonCpu, zodCpu, utf8Cpu, parseCpu, safeParseCpu, validateObjectCpu, reorderedCpu, floorCpu] = cpu as [
      number[], number[], number[], number[], number[], number[], number[], number[], number[], number[],
    ];
    const jsonParse = 'JSON.parse of the same values (no validation)';
    const stage = (metric: string, runs: number[]) => compare({ metric: `stage, per CPU second: ${metric}`, unit: 'ns/event', higherIsBetter: false, ours: nsPerEvent(runs) });
    return {
      dataSize: `${count.toLocaleString('en-US')} generated events (70% play, 20% skip, 6% like, 4% share), ${(bytes / 1e6).toFixed(1)} MB of compact JSON, ${Math.round(bytes / count)} bytes/event`,
      comparisons: [
        compare({ metric: 'decodeEvents throughput, what the ingest runs (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: batchWall, reference: { name: jsonParse, runs: jsonWall }, absoluteTarget: TARGET_EVENTS_PER_SECOND }),
        compare({ metric: 'decodeEvents throughput, what the ingest runs (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: batchCpu, reference: { name: jsonParse, runs: jsonCpu }, absoluteTarget: TARGET_EVENTS_PER_SECOND }),
        compare({ metric: 'decodeEvents alone in its own process (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: alone.decodeEvents.wall, reference: { name: 'JSON.parse alone in its own process', runs: alone['JSON.parse'].wall } }),
        compare({ metric: 'decodeEvents alone in its own process (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: alone.decodeEvents.cpu, reference: { name: 'JSON.parse alone in its own process', runs: alone['JSON.parse'].cpu } }),
        compare({ metric: 'decodeEvent throughput, one record at a time (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: decodeWall, reference: { name: jsonParse, runs: jsonWall } }),
        compare({ metric: 'decodeEvent throughput, one record at a time (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: decodeCpu, reference: { name: jsonParse, runs: jsonCpu } }),
        compare({ metric: 'JSON.parse + zod validation (fallback path) throughput (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: zodWall, reference: { name: jsonParse, runs: jsonWall } }),
        compare({ metric: 'JSON.parse + zod validation (fallback path) throughput (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: zodCpu, reference: { name: jsonParse, runs: jsonCpu } }),
        stage('UTF-8 decode of the value (Buffer#toString)', utf8Cpu),
        stage('JSON.parse of the decoded text', parseCpu),
        stage('zod safeParse of the parsed object (listeningEventSchema)', safeParseCpu),
        stage('validateEvent of the parsed object (zod + version chain + clock bound)', validateObjectCpu),
        stage(`decodeEvents, ${DECODE_BATCH} values a call (copy into WebAssembly memory + SIMD scan + one one-byte decode + slices; headers)`, batchCpu),
        stage('decodeEvent of the value (headers + the scanner on one record)', decodeCpu),
        stage('decodeEvent of the value, members in reverse order (the scanner, a member order no writer of ours uses)', reorderedCpu),
        stage('floor of a decoder that decodes the value as UTF-8: decode + slice the 16 string values into two objects with indexOf, no checks', floorCpu),
      ],
      notes: [
        `Load average (1/5/15 min) when the bench started: ${loadAverage}; other processes share this machine's cores. The paths are interleaved in chunks of ${CHUNK} events so that they share the same conditions; "per CPU second" divides by this process's CPU time (GC threads included), which is what one core delivers when it is not taken away.`,
        `decodeEvents, which the ingest runs on each micro-batch, copies up to 128 values (64 KB) at a time into the memory of a WebAssembly module (libs/events/wasm/compact-event-scanner.ts, SIMD) that validates every rule but the time zone, copies the accepted records' text values together and reports where each lies; the host decodes those values once as one-byte text, slices the ASCII ones out of it, decodes the others as UTF-8, checks the time zone and the headers, and sends whatever the scanner refused to the full path (UTF-8 check, JSON.parse, zod). Here it gets ${DECODE_BATCH} records a call and its results are dropped after counting, like every other path.`,
        'decodeEvent = header checks + size check + the same scanner on one record; anything it steps aside for (white space, unusual escapes or numbers, invalid UTF-8, invalid values) goes to the UTF-8 check, JSON.parse and zod. The generated events are in the schema order (JSON.stringify of validated events, as the collector writes them).',
        'Stage lines time each step alone on data prepared by the previous one, so JSON.parse + zod ≈ UTF-8 decode + JSON.parse + validateEvent of the parsed object; see docs/decisions/0004-event-validation-throughput.md.',
        'Values are views into one concatenated buffer, as Kafka clients hand them over; every generated event must be accepted by every path or the bench fails.',
        `The "alone in its own process" lines run decodeEvents, then JSON.parse (and the other way round on odd runs), each in a child process (tools/bench/src/events-alone/main.ts) over the same generated events: ${ALONE_PASSES} timed passes after 3 warm-up ones, median per run. There the heap holds only the path's input, as the ingest's does; in the interleaved lines above, the paths share one heap, and a major collection of the slower paths' garbage and prepared inputs lands in whichever path is running. The target is checked on the interleaved lines; the team decides which measure it should use (docs/decisions/0004-event-validation-throughput.md).`,
      ],
    };
  },
};
