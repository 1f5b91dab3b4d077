import { parseArgs } from 'node:util';
import { measureOurBronzeWrites } from '../benches/bronze-write';

// Child process of `npm run bench -- ingest`: our side of the bronze write, with the ingest's Node.js flags.
const HELP = `Usage: node --max-semi-space-size=64 --expose-gc --import tsx tools/bench/src/bronze-write/main.ts --batch N --runs N --start-ms MS --ingested-at MS

Appends one batch of simulated events (the simulator from --start-ms) to bronze --runs times
each way (the ingest's appender from decoded records, the same from the Kafka values, and the
DuckDB JSON-lines path) and prints {"ours": [rows/s...], "oursFromValues": [...], "duckdbLines": [...]}.
Run by the ingest bench, which gives delta-rs the same rows.`;

const { values } = parseArgs({
  options: { batch: { type: 'string' }, runs: { type: 'string' }, 'start-ms': { type: 'string' }, 'ingested-at': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const [batch, runs, startMs, ingestedAt] = [values.batch, values.runs, values['start-ms'], values['ingested-at']].map(Number);
if (![batch, runs, startMs, ingestedAt].every((n) => Number.isSafeInteger(n) && (n as number) > 0)) {
  process.stderr.write(`bronze-write: expected --batch, --runs, --start-ms and --ingested-at as positive integers; got ${JSON.stringify(values)}\n${HELP}\n`);
  process.exit(2);
}
measureOurBronzeWrites(batch as number, startMs as number, new Date(ingestedAt as number), runs as number).then(
  (writes) => process.stdout.write(`${JSON.stringify(writes)}\n`),
  (error: unknown) => {
    process.stderr.write(`bronze-write: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
