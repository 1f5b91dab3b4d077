import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { decodeEvent } from '@music/events';
import { MALFORMED_CASES } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { parseCliArgs } from './cli-args';
import { loadProducerConfig } from './producer-config';
import { EXIT, runProducerCommand } from './producer-command';
import type { ManifestDocument } from './run-manifest';

const config = loadProducerConfig({});

async function run(argv: string[]) {
  const command = parseCliArgs(argv, config, Date.UTC(2026, 0, 1));
  if (command.kind !== 'run') throw new Error('expected a run command');
  const logs: string[] = [];
  const logger = createLogger({
    name: 'producer-test',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString());
        callback();
      },
    }),
  });
  const code = await runProducerCommand(command.settings, {
    config,
    logger,
    stdout: new PassThrough(),
    progress: { isTTY: false, write: () => true },
    signal: new AbortController().signal,
    malformedCases: MALFORMED_CASES,
  });
  return { code, logs: logs.join('') };
}

describe('runProducerCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'producer-'));

  it('backfills NDJSON whose lines match the manifest exactly', async () => {
    const out = join(dir, 'events.ndjson');
    const manifestPath = join(dir, 'manifest.json');
    const { code } = await run(['--from', '2025-01-06', '--count', '20000', '--users', '2000', '--artists', '100', '--tracks', '1000', '--bad-ratio', '0.02', '--out', out, '--manifest', manifestPath]);
    expect(code).toBe(EXIT.ok);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestDocument;
    const bytes = readFileSync(out);
    expect(bytes.length).toBe(manifest.bytes + 20_000);
    const text = bytes.toString('utf8');
    // One line per record; a few malformed payloads hold raw newlines of their own.
    const lines = text.split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(20_000);
    expect(manifest).toMatchObject({ complete: true, error: null, records: 20_000, undelivered: 0, mode: 'backfill', seed: 'music' });

    const ids: string[] = [];
    const types: Record<string, number> = { play: 0, skip: 0, like: 0, share: 0 };
    let refused = 0;
    for (const line of lines) {
      const result = decodeEvent(line, {}, { now: Date.UTC(2026, 0, 1) });
      if (result.ok) {
        ids.push(result.event.event_id);
        types[result.event.event_type] = (types[result.event.event_type] as number) + 1;
      } else refused++;
    }
    expect(manifest.events).toEqual({ total: ids.length, ...types });
    expect(manifest.eventIds.sorted).toEqual([...ids].sort());
    expect(manifest.eventIds.sha256).toBe(createHash('sha256').update(ids.sort().map((id) => `${id}\n`).join('')).digest('hex'));
    expect(manifest.malformed.total).toBe(20_000 - ids.length);
    expect(refused).toBeGreaterThanOrEqual(manifest.malformed.total);
    expect(Object.values(manifest.malformed.byKind).reduce((a, b) => a + b, 0)).toBe(manifest.malformed.total);
  });

  it('writes a summary without the ids when asked', async () => {
    const summaryPath = join(dir, 'summary.json');
    const { code } = await run(['--from', '2025-01-06', '--count', '500', '--users', '100', '--artists', '10', '--tracks', '100', '--out', join(dir, 's.ndjson'), '--summary', summaryPath]);
    expect(code).toBe(EXIT.ok);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
    expect(summary).toMatchObject({ complete: true, records: 500, events: { total: 500 } });
    expect(summary.bytes).toBeGreaterThan(500 * 300);
    expect(summary).not.toHaveProperty('eventIds');
  });

  it('is reproducible: the same seed writes the same bytes', async () => {
    const first = join(dir, 'a.ndjson');
    const second = join(dir, 'b.ndjson');
    const common = ['--from', '2025-03-01', '--count', '3000', '--users', '500', '--artists', '50', '--tracks', '500', '--seed', 'again'];
    expect((await run([...common, '--out', first])).code).toBe(EXIT.ok);
    expect((await run([...common, '--out', second])).code).toBe(EXIT.ok);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it('writes, for a fixed seed, the bytes it wrote before the generation-throughput work', async () => {
    // Taken from the CLI before that work (issue #3), malformed records included: speed changes
    // must not change what a seed produces. A change of behaviour changes this on purpose.
    const out = join(dir, 'pinned.ndjson');
    const { code } = await run(['--seed', 'pinned', '--from', '2025-01-06', '--count', '200000', '--bad-ratio', '0.01', '--out', out]);
    expect(code).toBe(EXIT.ok);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe('885bf54815126847cdadbb3768a5ab0506ce1b8142f4fd6d84ff2c7a9d1ab262');
  });

  it('reports settings the simulator refuses as bad usage', async () => {
    const { code, logs } = await run(['--from', '2025-01-06', '--count', '10', '--artists', '100', '--tracks', '10', '--out', join(dir, 'x.ndjson')]);
    expect(code).toBe(EXIT.usage);
    expect(logs).toContain('tracks must be at least the number of artists');
  });

  it('exits 1 with a manifest that lists nothing when the output cannot be written', async () => {
    const manifestPath = join(dir, 'failed.json');
    const { code, logs } = await run(['--from', '2025-01-06', '--count', '100', '--users', '100', '--artists', '10', '--tracks', '100', '--out', '/nonexistent-dir/x.ndjson', '--manifest', manifestPath]);
    expect(code).toBe(EXIT.undelivered);
    expect(logs).toContain('Could not open /nonexistent-dir/x.ndjson for writing');
    expect(JSON.parse(readFileSync(manifestPath, 'utf8'))).toMatchObject({ complete: false, records: 0, eventIds: { count: 0 } });
  });
});
