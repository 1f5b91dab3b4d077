import { checkpointInterval, deletedFileRetentionMillis, indexedColumnCount, parquetCodec, parseIntervalMillis, validateCreateProperties } from './table-properties';

describe('table properties', () => {
  it('reads intervals, counts and codecs with their defaults', () => {
    expect(parseIntervalMillis('interval 1 weeks')).toBe(604_800_000);
    expect(parseIntervalMillis('interval 30 days')).toBe(2_592_000_000);
    expect(parseIntervalMillis('2 hours')).toBe(7_200_000);
    expect(parseIntervalMillis('forever')).toBeUndefined();
    expect(checkpointInterval({})).toBe(10);
    expect(checkpointInterval({}, 3)).toBe(3);
    expect(checkpointInterval({ 'delta.checkpointInterval': '5' }, 3)).toBe(5);
    expect(indexedColumnCount({ 'delta.dataSkippingNumIndexedCols': '-1' })).toBe(Number.POSITIVE_INFINITY);
    expect(deletedFileRetentionMillis({})).toBe(604_800_000);
    expect(parquetCodec({})).toBe('zstd');
    expect(parquetCodec({ 'delta.parquet.compression.codec': 'SNAPPY' })).toBe('snappy');
  });

  it.each([
    [{ 'delta.enableChangeDataFeed': 'true' }, /not supported by @music\/delta/],
    [{ 'delta.columnMapping.mode': 'name' }, /not supported/],
    [{ 'delta.checkpointInterval': '0' }, /positive integer/],
    [{ 'delta.appendOnly': 'yes' }, /"true" or "false"/],
    [{ 'delta.parquet.compression.codec': 'brotli' }, /expected one of/],
    [{ 'delta.logRetentionDuration': 'a while' }, /interval/],
  ])('refuses %j at creation', (properties, message) => {
    expect(() => validateCreateProperties(properties)).toThrow(message);
  });

  it('accepts free keys and the supported delta.* ones', () => {
    expect(() => validateCreateProperties({ owner: 'x', 'delta.appendOnly': 'true', 'delta.checkpointInterval': '20' })).not.toThrow();
  });
});
