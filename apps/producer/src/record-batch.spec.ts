import { RecordBatch } from './record-batch';

describe('RecordBatch', () => {
  it('keeps values in order across its buffers, as views and as NDJSON', () => {
    const batch = new RecordBatch();
    const values = Array.from({ length: 3_000 }, (_, i) => `{"n":${i},"pad":"${'é'.repeat(i % 97)}"}`);
    values.forEach((value, i) => batch.add(`key-${i}`, { n: String(i) }, Buffer.from(value)));
    expect(batch.length).toBe(3_000);
    expect(batch.ndjsonChunks().length).toBeGreaterThan(1);
    expect(Buffer.concat(batch.ndjsonChunks()).toString('utf8')).toBe(values.map((v) => `${v}\n`).join(''));
    expect(batch.value(1234).toString('utf8')).toBe(values[1234]);
    expect(batch.bytes).toBe(values.reduce((sum, v) => sum + Buffer.byteLength(v), 0));
    const records = batch.toRecords();
    expect(records[2_999]).toEqual({ key: 'key-2999', value: Buffer.from(values[2_999] as string), headers: { n: '2999' } });
  });

  it('takes values written in place, and refuses a size that was not reserved', () => {
    const batch = new RecordBatch();
    const target = batch.writeTarget(10);
    const size = target.write('{"a":1}', batch.offset, 'latin1');
    batch.commit('k', {}, size);
    expect(batch.value(0).toString()).toBe('{"a":1}');
    const room = batch.writeTarget(1).length - batch.offset;
    expect(() => batch.commit('k', {}, room)).toThrow('does not fit');
    expect(() => batch.value(5)).toThrow();
  });

  it('is empty until something is added', () => {
    expect(new RecordBatch().ndjsonChunks()).toEqual([]);
    expect(new RecordBatch().toRecords()).toEqual([]);
  });
});
