import { parseSchemaString } from './delta-schema';
import { parseFileStats } from './file-stats';
import { fileMayMatch, InvalidScanFilterError, predicateSql, typePredicates, type ScanPredicate } from './scan-filter';
import type { LiveFile } from './snapshot';

const SCHEMA = parseSchemaString(
  JSON.stringify({
    type: 'struct',
    fields: [
      ['day', 'date'],
      ['id', 'long'],
      ['track', 'string'],
      ['at', 'timestamp'],
      ['score', 'double'],
    ].map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
  }),
);
const PARTITIONS = new Set(['day']);

function file(day: number | null, stats?: object): LiveFile {
  const json = stats === undefined ? undefined : JSON.stringify(stats);
  return {
    add: { path: `f-${day}`, partitionValues: {}, size: 1, modificationTime: 0, dataChange: true, ...(json ? { stats: json } : {}) },
    location: { kind: 'table', key: `f-${day}`, uri: `file:///t/f-${day}` },
    partitionValues: { day },
    stats: json === undefined ? undefined : parseFileStats(json, SCHEMA),
  };
}

function mayMatch(target: LiveFile, ...filter: ScanPredicate[]): boolean {
  return fileMayMatch(target, typePredicates(SCHEMA, filter), PARTITIONS);
}

const STATS = {
  numRecords: 10,
  minValues: { id: 10, track: 'b', at: '2024-01-01T00:00:00.000Z', score: 1.5 },
  maxValues: { id: 20, track: 'm', at: '2024-01-01T00:00:01.000Z', score: 2.5 },
  nullCount: { id: 0, track: 2, at: 0, score: 10 },
};

describe('partition pruning', () => {
  it('evaluates predicates on the partition value, nulls matching only "is null"', () => {
    const march = file(19_783);
    expect(mayMatch(march, { column: 'day', op: '=', value: '2024-03-01' })).toBe(true);
    expect(mayMatch(march, { column: 'day', op: '>', value: '2024-03-01' })).toBe(false);
    expect(mayMatch(march, { column: 'day', op: 'in', values: ['2024-01-01', new Date('2024-03-01T12:00:00Z')] })).toBe(true);
    expect(mayMatch(file(null), { column: 'day', op: '!=', value: '2024-03-01' })).toBe(false);
    expect(mayMatch(file(null), { column: 'day', op: 'is null' })).toBe(true);
  });
});

describe('data skipping', () => {
  const withStats = file(1, STATS);

  it.each([
    [{ column: 'id', op: '=', value: 9 }, false],
    [{ column: 'id', op: '=', value: 10 }, true],
    [{ column: 'id', op: '<', value: 10 }, false],
    [{ column: 'id', op: '<=', value: 10 }, true],
    [{ column: 'id', op: '>', value: 20n }, false],
    [{ column: 'id', op: '>=', value: 20n }, true],
    [{ column: 'id', op: 'in', values: [1, 30] }, false],
    [{ column: 'id', op: 'in', values: [1, 15] }, true],
    [{ column: 'id', op: 'is null' }, false],
    [{ column: 'track', op: 'is null' }, true],
    [{ column: 'track', op: '=', value: 'a' }, false],
    [{ column: 'track', op: '=', value: 'lz' }, true],
    [{ column: 'score', op: '=', value: 2 }, false],
    [{ column: 'score', op: 'is not null' }, false],
    // Timestamps in statistics are cut to milliseconds: the max covers 999 µs more.
    [{ column: 'at', op: '=', value: '2024-01-01T00:00:01.000500Z' }, true],
    [{ column: 'at', op: '=', value: '2024-01-01T00:00:01.001000Z' }, false],
  ] as [ScanPredicate, boolean][])('%j → may match: %s', (predicate, expected) => {
    expect(mayMatch(withStats, predicate)).toBe(expected);
  });

  it('keeps files without statistics, and treats a 32-character max as a possibly truncated prefix', () => {
    expect(mayMatch(file(1), { column: 'id', op: '=', value: -1 })).toBe(true);
    const truncated = file(1, { numRecords: 1, minValues: { track: 'a' }, maxValues: { track: 'a'.repeat(32) }, nullCount: { track: 0 } });
    expect(mayMatch(truncated, { column: 'track', op: '>', value: 'a'.repeat(33) })).toBe(true);
    expect(mayMatch(truncated, { column: 'track', op: '<', value: 'a' })).toBe(false);
  });
});

describe('filter validation and SQL', () => {
  it('types values with the column and renders SQL', () => {
    const predicates = typePredicates(SCHEMA, [
      { column: 'day', op: '>=', value: '2024-03-01' },
      { column: 'track', op: 'in', values: ["it's", 'b'] },
      { column: 'score', op: 'is not null' },
    ]);
    expect(predicateSql(predicates)).toBe(
      `"day" >= CAST('2024-03-01' AS DATE) AND "track" IN (CAST('it''s' AS VARCHAR), CAST('b' AS VARCHAR)) AND "score" IS NOT NULL`,
    );
  });

  it.each([
    [{ column: 'nope', op: '=', value: 1 }, /no such column/],
    [{ column: 'id', op: '=', value: 'x' }, /expected a bigint or a safe integer number/],
    [{ column: 'id', op: '=', value: null }, /"is null"/],
  ] as [ScanPredicate, RegExp][])('refuses %j', (predicate, message) => {
    expect(() => typePredicates(SCHEMA, [predicate])).toThrow(InvalidScanFilterError);
    expect(() => typePredicates(SCHEMA, [predicate])).toThrow(message);
  });
});
