import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createLogger } from '@music/logger';
import { machineFacts, type BenchReport } from './bench-report';
import type { Benchmark } from './benchmark';
import { BENCHMARKS } from './benches';

const benchOptionsHelp = (bench: Benchmark) =>
  Object.entries(bench.options ?? {})
    .map(([name, option]) => `\n${' '.repeat(13)}--${name}${option.type === 'string' ? ' V' : ''}: ${option.description}${option.default === undefined ? '' : ` (default ${String(option.default)})`}`)
    .join('');

const HELP = `Usage: npm run bench -- NAME [--runs N] [--quick] [NAME's options]

Runs one benchmark side by side with its reference and writes bench/results/NAME.json
(command, data size, our median, the reference's median from the same run, ratio, target).

Options:
  --runs N   repetitions of each measurement (default 5, or the benchmark's own); medians are reported
  --quick    smaller data, for a smoke run (results are written to NAME.quick.json)
  -h, --help show this help

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}${benchOptionsHelp(b)}`).join('\n') || '  (none yet)'}
`;

const COMMON_OPTIONS = {
  runs: { type: 'string' },
  quick: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<number> {
  // The benchmark's name decides which further options are accepted: parse leniently to find it.
  // (Leniently, an unknown option's value reads as a positional: take the first positional that names a benchmark.)
  const { positionals } = parseArgs({ allowPositionals: true, strict: false, options: COMMON_OPTIONS });
  const name = positionals.find((p) => BENCHMARKS.some((b) => b.name === p)) ?? positionals[0];
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (name !== undefined && !bench) {
    process.stderr.write(`Unknown benchmark ${JSON.stringify(name)}.\n${HELP}`);
    return 2;
  }
  const own = Object.fromEntries(Object.entries(bench?.options ?? {}).map(([key, option]) => [key, { type: option.type, ...(option.default === undefined ? {} : { default: option.default }) }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ allowPositionals: true, options: { ...own, ...COMMON_OPTIONS } as ParseArgsConfig['options'] }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
    return 2;
  }
  if (values.help || !bench) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const runs = Number(values.runs ?? bench.defaultRuns ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    process.stderr.write(`--runs must be a whole number from 1 to 50, got ${JSON.stringify(values.runs)}\n`);
    return 2;
  }
  const options = Object.fromEntries(Object.keys(bench.options ?? {}).map((key) => [key, values[key]]));
  const root = resolve(__dirname, '..', '..', '..');
  const log = createLogger({ name: `bench:${bench.name}`, pretty: true });
  const started = Date.now();
  const outcome = await bench.run({ root, runs, scale: values.quick ? 0.1 : 1, log, env: process.env, options });
  const report: BenchReport = {
    name: bench.name,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: machineFacts(),
    dataSize: outcome.dataSize,
    comparisons: outcome.comparisons,
    notes: outcome.notes ?? [],
  };
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${bench.name}${values.quick ? '.quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  for (const c of report.comparisons) {
    const ref = c.reference === null ? '' : ` vs ${c.referenceName} ${c.reference.toFixed(1)} (ratio ${c.ratio?.toFixed(2) ?? 'n/a'})`;
    process.stdout.write(`${c.met ? 'MET ' : 'MISS'} ${c.metric}: ${c.ours.toFixed(1)} ${c.unit}${ref}; target ${c.target}\n`);
  }
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
