import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { DeliveryError } from './event-sink';
import { NdjsonSink } from './ndjson-sink';
import { RecordBatch } from './record-batch';

function batchOf(...texts: string[]): RecordBatch {
  const batch = new RecordBatch();
  for (const text of texts) batch.add('k', {}, Buffer.from(text));
  return batch;
}

describe('NdjsonSink', () => {
  it('writes one record value per line to a file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ndjson-')), 'out.ndjson');
    const sink = new NdjsonSink(path, new PassThrough());
    await sink.open();
    await sink.send(batchOf('{"a":1}', '{"b":"é"}'));
    await sink.send(batchOf('{"c":3}'));
    await sink.flush();
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":"é"}\n{"c":3}\n');
    expect(sink.description).toBe(`NDJSON file ${path}`);
  });

  it('writes to stdout for "-" and waits for a slow reader', async () => {
    const stdout = new PassThrough({ highWaterMark: 8 });
    const sink = new NdjsonSink('-', stdout);
    await sink.open();
    const sent = sink.send(batchOf('{"a":1}', '{"b":2}'));
    let settled = false;
    void sent.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(stdout.read()?.toString()).toBe('{"a":1}\n{"b":2}\n');
    await sent;
    await sink.flush();
    await sink.close();
  });

  it('fails clearly when the file cannot be opened or stdout breaks', async () => {
    await expect(new NdjsonSink('/nonexistent-dir/out.ndjson', new PassThrough()).open()).rejects.toThrow('Could not open /nonexistent-dir/out.ndjson for writing');
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const sink = new NdjsonSink('-', broken);
    await sink.open();
    await sink.send(batchOf('{}')).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(sink.send(batchOf('{}'))).rejects.toBeInstanceOf(DeliveryError);
    await expect(sink.flush()).rejects.toThrow('Could not write NDJSON to stdout');
  });
});
