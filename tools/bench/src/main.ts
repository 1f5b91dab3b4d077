import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@music/logger';
import { machineFacts, type BenchReport } from './bench-report';
import { BENCHMARKS } from './benches';

const HELP = `Usage: npm run bench -- NAME [--runs N] [--quick]

Runs one benchmark side by side with its reference and writes bench/results/NAME.json
(command, data size, our median, the reference's median from the same run, ratio, target).

Options:
  --runs N   repetitions of each measurement (default 5); medians are reported
  --quick    smaller data, for a smoke run (results are written to NAME.quick.json)
  -h, --help show this help

Benchmarks:
${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join('\n') || '  (none yet)'}
`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string', default: '5' }, quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const name = positionals[0];
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) {
    process.stderr.write(`Unknown benchmark ${JSON.stringify(name)}.\n${HELP}`);
    return 2;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    process.stderr.write(`--runs must be a whole number from 1 to 50, got ${JSON.stringify(values.runs)}\n`);
    return 2;
  }
  const root = resolve(__dirname, '..', '..', '..');
  const log = createLogger({ name: `bench:${bench.name}`, pretty: true });
  const started = Date.now();
  const outcome = await bench.run({ root, runs, scale: values.quick ? 0.1 : 1, log, env: process.env });
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
