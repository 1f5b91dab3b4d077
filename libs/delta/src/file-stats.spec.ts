import { parseSchemaString } from './delta-schema';
import { parseFileStats, statsAggregates, statsFromAggregates } from './file-stats';
import { sqlIdentifier } from './sql-literals';

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

describe('statsFromAggregates', () => {
  it('writes numRecords, bounds and null counts as Spark does', () => {
    const columns = SCHEMA.fields.filter((field) => ['l', 'd', 's', 'ts', 'b'].includes(field.name));
    const { columns: statsColumns, expressions } = statsAggregates(columns, sqlIdentifier);
    expect(expressions).toContain('epoch_us(min("ts")) AS min_3');
    expect(expressions).toContain('count("b") AS non_null_4');
    expect(expressions.some((expression) => expression.includes('min("b")'))).toBe(false);
    const json = statsFromAggregates(4, statsColumns, {
      non_null_0: 4n,
      min_0: -9_007_199_254_740_993n,
      max_0: 9_223_372_036_854_775_807n,
      non_null_1: 3n,
      min_1: Number.NEGATIVE_INFINITY,
      max_1: 2.5,
      non_null_2: 0n,
      min_2: null,
      max_2: null,
      non_null_3: 4n,
      min_3: -1n,
      max_3: 1_000_001n,
      non_null_4: 2n,
    });
    expect(json).toBe(
      '{"numRecords":4,"minValues":{"l":-9007199254740993,"ts":"1969-12-31T23:59:59.999Z"},' +
        '"maxValues":{"l":9223372036854775807,"d":2.5,"ts":"1970-01-01T00:00:01.001Z"},' +
        '"nullCount":{"l":0,"d":1,"s":4,"ts":0,"b":2}}',
    );
  });
});
