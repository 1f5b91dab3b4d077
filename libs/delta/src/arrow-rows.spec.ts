import { DateDay, Table, TimestampMicrosecond, TimestampNanosecond, Utf8, vectorFromArray } from 'apache-arrow';
import { arrowTableToRows } from './arrow-rows';

describe('arrowTableToRows', () => {
  it('keeps microseconds of timestamps and turns dates into YYYY-MM-DD', () => {
    const micros = vectorFromArray([new Date('2024-01-01T00:00:00.123Z'), null], new TimestampMicrosecond());
    // Overwrite the raw value to carry microseconds a JS Date cannot hold.
    (micros.data[0]?.values as unknown as BigInt64Array)[0] = 1_704_067_200_123_456n;
    const nanos = vectorFromArray([new Date(0), new Date(0)], new TimestampNanosecond());
    (nanos.data[0]?.values as unknown as BigInt64Array)[1] = -1n;
    const table = new Table({
      at: micros,
      nanos,
      day: vectorFromArray([new Date('2024-01-02T00:00:00Z'), null], new DateDay()),
      name: vectorFromArray(['a', null], new Utf8()),
    });
    expect(arrowTableToRows(table)).toEqual([
      { at: '2024-01-01T00:00:00.123456Z', nanos: '1970-01-01T00:00:00.000000Z', day: '2024-01-02', name: 'a' },
      { at: null, nanos: '1969-12-31T23:59:59.999999Z', day: null, name: null },
    ]);
  });
});
