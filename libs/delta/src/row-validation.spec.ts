import { parseSchemaString } from './delta-schema';
import { convertCell, unwritableColumns, validateRows } from './row-validation';

describe('convertCell', () => {
  it.each([
    ['long', 5, 5n],
    ['long', -5n, -5n],
    ['integer', 7n, 7],
    ['byte', 127, 127],
    ['double', 1.5, 1.5],
    ['date', '2024-02-29', 19_782],
    ['date', new Date('2024-02-29T23:00:00Z'), 19_782],
    ['timestamp', new Date('2024-01-01T00:00:00.001Z'), 1_704_067_200_001_000n],
    ['timestamp', '2024-01-01T01:00:00.000001+01:00', 1_704_067_200_000_001n],
    ['timestamp', '2024-02-29T23:59:59.999Z', 1_709_251_199_999_000n],
    ['timestamp', '1969-12-31T23:59:59.999Z', -1000n],
  ] as const)('converts a %s from %j', (type, value, expected) => {
    expect(convertCell(value, type)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['long', 2 ** 53],
    ['long', '5'],
    ['integer', 2 ** 31],
    ['byte', 128],
    ['string', 5],
    ['boolean', 'true'],
    ['date', '2024-02-30'],
    ['timestamp', '2024-01-01 00:00:00'],
    ['timestamp', '2024-02-30T00:00:00.000Z'],
    ['timestamp', '2023-02-29T00:00:00.000Z'],
    ['timestamp', '2024-01-01T24:00:00.000Z'],
    ['timestamp', '2024-01-01T00:00:00.0x0Z'],
    ['timestamp', new Date(Number.NaN)],
  ] as const)('refuses a %s from %j', (type, value) => {
    expect(convertCell(value, type).ok).toBe(false);
  });
});

describe('validateRows', () => {
  const schema = parseSchemaString(
    '{"type":"struct","fields":[{"name":"id","type":"long","nullable":false,"metadata":{}},{"name":"s","type":"string","nullable":true,"metadata":{}}]}',
  );

  it('returns columns in schema order, missing values as null', () => {
    expect(validateRows([{ id: 1, s: 'a' }, { id: 2 }], schema)).toEqual({ ok: true, rows: { rowCount: 2, columns: [[1n, 2n], ['a', null]] } });
  });

  it('reports the first issues and how many there are in all', () => {
    const result = validateRows(Array.from({ length: 8 }, (_, index) => ({ id: `x${index}` })), schema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.total).toBe(8);
      expect(result.issues).toHaveLength(5);
      expect(result.issues[0]).toEqual({ row: 0, column: 'id', message: 'expected a bigint or a safe integer number (long), got "x0"' });
    }
  });

  it('lists the columns the writer cannot produce', () => {
    const nested = parseSchemaString('{"type":"struct","fields":[{"name":"m","type":{"type":"map","keyType":"string","valueType":"string"}},{"name":"b","type":"binary"}]}');
    expect(unwritableColumns(nested)).toEqual([
      'm ({"type":"map","keyType":"string","valueType":"string","valueContainsNull":true})',
      'b ("binary")',
    ]);
  });
});
