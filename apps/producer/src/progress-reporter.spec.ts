import { Writable } from 'node:stream';
import { createLogger } from '@music/logger';
import { ProgressReporter, type ProgressSnapshot } from './progress-reporter';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ name: 'test', destination }) };
}

describe('ProgressReporter', () => {
  const state: ProgressSnapshot = { records: 0, bytes: 0, malformed: 0, failed: 0, simulatedAt: undefined };
  let now = 0;

  it('rewrites one status line on a terminal, and clears it at the end', () => {
    const written: string[] = [];
    const { lines, logger } = capture();
    now = 0;
    const reporter = new ProgressReporter({ isTTY: true, write: (t) => written.push(t) }, logger, () => state, () => now);
    reporter.start();
    Object.assign(state, { records: 12_000, bytes: 6 * 1_048_576, malformed: 3, failed: 0, simulatedAt: '2025-01-06T18:05:09.123Z' });
    now = 2_000;
    reporter.tick();
    reporter.stop();
    expect(written[0]).toBe('\r\x1b[2K12,000 records · 6,000/s now · 6,000/s avg · 6.0 MB · 3 malformed · 0 failed · simulated 2025-01-06 18:05:09');
    expect(written.at(-1)).toBe('\r\x1b[2K');
    expect(lines).toEqual([]);
  });

  it('logs plain lines when the output is not a terminal', () => {
    const written: string[] = [];
    const { lines, logger } = capture();
    now = 0;
    const reporter = new ProgressReporter({ isTTY: false, write: (t) => written.push(t) }, logger, () => state, () => now);
    reporter.start();
    now = 10_000;
    reporter.tick();
    reporter.stop();
    expect(written).toEqual([]);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'progress', records: 12_000, perSecond: 1_200, malformed: 3 });
  });
});
