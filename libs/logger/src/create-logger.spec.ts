import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream: Object.assign(stream, { write: stream.write.bind(stream) }) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with name, level and ISO time', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'unit', destination: stream });
    logger.info({ rows: 3 }, 'batch committed');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ name: 'unit', level: 30, rows: 3, msg: 'batch committed' });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'unit', level: 'warn', destination: stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  it('serialises error causes', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'unit', destination: stream });
    const cause = new Error('socket hang up');
    logger.error({ err: new Error('commit failed', { cause }) }, 'oops');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.err.message).toBe('commit failed');
    expect(entry.err.cause.message).toBe('socket hang up');
  });
});
