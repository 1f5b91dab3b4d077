import { parsePartitionValue, PartitionValueError, serializePartitionValue } from './partition-values';

describe('parsePartitionValue', () => {
  it.each([
    ['string', 'null', 'null'],
    ['string', '', null],
    ['integer', '-7', -7],
    ['short', '32767', 32_767],
    ['byte', '-128', -128],
    ['long', '9223372036854775807', 9_223_372_036_854_775_807n],
    ['double', '9.9', 9.9],
    ['double', '10.0', 10],
    ['float', '1.0E10', 1e10],
    ['double', 'NaN', Number.NaN],
    ['double', '-Infinity', Number.NEGATIVE_INFINITY],
    ['boolean', 'true', true],
    ['boolean', 'FALSE', false],
    ['date', '2021-09-08', 18_878],
    ['timestamp', '2021-09-08 11:11:11', 1_631_099_471_000_000n],
    ['timestamp', '2021-09-08T11:11:11.000001Z', 1_631_099_471_000_001n],
    ['decimal(5,2)', '123.45', '123.45'],
    ['date', null, null],
  ] as const)('reads a %s %j', (type, raw, expected) => {
    expect(parsePartitionValue('c', raw, type)).toEqual(expected);
  });

  it('reads binary values as their bytes', () => {
    expect(parsePartitionValue('c', '\u0001\u0002\u0003', 'binary')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it.each([
    ['integer', '2147483648'],
    ['integer', '1.5'],
    ['long', '9223372036854775808'],
    ['boolean', 'yes'],
    ['date', '2021-02-30'],
    ['double', 'abc'],
    ['timestamp', '11:11'],
  ] as const)('refuses %s %j naming the column', (type, raw) => {
    expect(() => parsePartitionValue('col', raw, type)).toThrow(PartitionValueError);
    expect(() => parsePartitionValue('col', raw, type)).toThrow(/partition column col/);
  });
});

describe('serializePartitionValue', () => {
  it('writes strings that parse back to the same value', () => {
    const cases = [
      ['string', 'FR'],
      ['integer', 42],
      ['long', -5n],
      ['double', 0.1],
      ['boolean', false],
      ['date', 19_724],
      ['timestamp', 1_631_099_471_000_001n],
    ] as const;
    for (const [type, value] of cases) {
      const text = serializePartitionValue('c', value, type);
      expect(parsePartitionValue('c', text, type)).toEqual(value);
    }
    expect(serializePartitionValue('c', 1_631_099_471_000_001n, 'timestamp')).toBe('2021-09-08T11:11:11.000001Z');
    expect(serializePartitionValue('c', '', 'string')).toBeNull();
    expect(serializePartitionValue('c', null, 'long')).toBeNull();
  });

  it('refuses a value of the wrong JS type', () => {
    expect(() => serializePartitionValue('c', 1, 'long')).toThrow(PartitionValueError);
  });
});
