import { parseArgs } from 'node:util';
import { ALONE_PATHS, measureAlone, type AlonePath } from '../benches/events-alone';

// Child process of `npm run bench -- events`: one path alone, its figures as JSON on stdout.
const HELP = `Usage: tsx tools/bench/src/events-alone/main.ts --path ${ALONE_PATHS.join('|')} --count N --now MS [--passes N]

Measures one path of the events bench alone in this process and prints
{"cpu": [events per CPU second, ...], "wall": [events per second, ...]}, one figure per pass.
Run by the events bench; the events are the bench's, generated for --now (epoch ms).`;

const { values } = parseArgs({
  options: { path: { type: 'string' }, count: { type: 'string' }, now: { type: 'string' }, passes: { type: 'string', default: '5' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const path = ALONE_PATHS.find((p) => p === values.path);
const count = Number(values.count);
const now = Number(values.now);
const passes = Number(values.passes);
if (path === undefined || !Number.isInteger(count) || count <= 0 || !Number.isFinite(now) || !Number.isInteger(passes) || passes <= 0) {
  process.stderr.write(`events-alone: expected --path (${ALONE_PATHS.join(', ')}), --count and --passes as positive integers and --now in epoch ms; got ${JSON.stringify(values)}\n${HELP}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(measureAlone(path as AlonePath, count, now, passes))}\n`);
