import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { kafkajsLogCreator } from './kafkajs-log-creator';

describe('kafkajsLogCreator', () => {
  it('writes kafkajs entries as our JSON lines, at the matching level', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = kafkajsLogCreator(createLogger({ name: 'unit', level: 'info', destination }))(4);
    log({ namespace: 'Connection', level: 1, label: 'ERROR', log: { message: 'Connection error', broker: '127.0.0.1:1', timestamp: 'x', logger: 'kafkajs' } });
    log({ namespace: 'Consumer', level: 5, label: 'DEBUG', log: { message: 'hidden' } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 50, component: 'kafkajs', namespace: 'Connection', broker: '127.0.0.1:1', msg: 'Connection error' });
  });
});
