import { parseSchemaString } from './delta-schema';
import { parseFileStats, statsFromColumnStatistics } from './file-stats';

const SCHEMA = parseSchemaString(
  JSON.stringify({
    type: 'struct',
    fields: [
      ['i', 'integer'],
      ['l', 'long'],
      ['d', 'double'],
      ['s', 'string'],
      ['day', 'date'],
      ['ts', 'timestamp'],
      ['dec', 'decimal(5,2)'],
      ['big', 'decimal(30,2)'],
      ['b', 'boolean'],
      ['nested', { type: 'struct', fields: [{ name: 'x', type: 'long', nullable: true, metadata: {} }] }],
    ].map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
  }),
);

describe('parseFileStats', () => {
  it('types the bounds with the schema (Spark-written stats)', () => {
    const stats = parseFileStats(
      JSON.stringify({
        numRecords: 3,
        minValues: { i: 1, l: 2, d: 0.5, s: 'a', day: '2000-01-01', ts: '2000-01-01T00:00:00.000-08:00', dec: 1.25, big: 1.5, nested: { x: 4 } },
        maxValues: { i: 9, l: 'BEYOND_2^53', s: 'z', ts: '2000-01-01 08:00:00.123' },
        nullCount: { i: 0, s: 1, b: 3, nested: { x: 0 } },
        tightBounds: true,
      }).replace('"BEYOND_2^53"', '9007199254740993'),
      SCHEMA,
    );
    expect(stats).toEqual({
      numRecords: 3,
      tightBounds: true,
      minValues: { i: 1, l: 2n, d: 0.5, s: 'a', day: 10_957, ts: 946_713_600_000_000n, dec: '1.25', nested: { x: 4n } },
      // A long beyond 2^53 cannot be trusted from JSON, and a 30-digit decimal neither: left out.
      maxValues: { i: 9, s: 'z', ts: 946_713_600_123_000n },
      nullCount: { i: 0, s: 1, b: 3, nested: { x: 0 } },
    });
  });

  it('gives undefined for unusable JSON', () => {
    expect(parseFileStats('{"numRecords":', SCHEMA)).toBeUndefined();
    expect(parseFileStats('[1]', SCHEMA)).toBeUndefined();
  });
});

describe('statsFromColumnStatistics', () => {
  const columns = [
    { name: 'l', type: 'long' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'ts', type: 'timestamp' },
    { name: 'b', type: 'boolean' },
    { name: 'f', type: 'float' },
    { name: 'day', type: 'date' },
  ] as const;
  const of = (statistics: Record<string, Record<string, string>>) => (column: string) => {
    const entries = statistics[column];
    return entries === undefined ? undefined : new Map(Object.entries(entries));
  };

  it('writes numRecords, bounds and null counts as Spark does, from the texts DuckDB reports', () => {
    const json = statsFromColumnStatistics(
      4,
      columns.slice(0, 5),
      of({
        // Beyond 2^53: exact in the JSON.
        l: { null_count: '0', min: '-9007199254740993', max: '9223372036854775807' },
        d: { null_count: '1', min: '-inf', max: '2.5', has_nan: 'false' },
        s: { null_count: '4' },
        ts: { null_count: '0', min: '1969-12-31 23:59:59.999999+00', max: '1970-01-01 00:00:01.000001+00' },
        b: { null_count: '2', min: '0', max: '1' },
      }),
    );
    expect(json).toBe(
      '{"numRecords":4,"minValues":{"l":-9007199254740993,"ts":"1969-12-31T23:59:59.999Z"},' +
        '"maxValues":{"l":9223372036854775807,"d":2.5,"ts":"1970-01-01T00:00:01.001Z"},' +
        '"nullCount":{"l":0,"d":1,"s":4,"ts":0,"b":2}}',
    );
  });

  it('leaves out the max of a column holding NaN, keeps float bounds exact, cuts long strings', () => {
    const long = 'é'.repeat(40);
    const stats = JSON.parse(
      statsFromColumnStatistics(
        3,
        columns,
        of({
          d: { null_count: '0', min: '-1.0', max: '2.5', has_nan: 'true' },
          s: { null_count: '0', min: long, max: `${long}z` },
          f: { null_count: '0', min: '1.1', max: '3.4e+38', has_nan: 'false' },
          day: { null_count: '1', min: '0044-03-15 (BC)', max: '2024-02-29' },
        }),
      ),
    );
    expect(stats.minValues).toEqual({ d: -1, s: 'é'.repeat(32), f: 1.100000023841858 });
    expect(stats.maxValues).toEqual({ s: 'é'.repeat(32) + String.fromCodePoint(0x10ffff), f: 3.3999999521443642e38, day: '2024-02-29' });
    expect(stats.nullCount).toEqual({ d: 0, s: 0, f: 0, day: 1 });
  });
});
