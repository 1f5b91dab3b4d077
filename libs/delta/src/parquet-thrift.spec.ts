import { ThriftCompactWriter, ThriftType } from './parquet-thrift';

function written(write: (writer: ThriftCompactWriter) => void): number[] {
  const writer = new ThriftCompactWriter(16);
  write(writer);
  return [...writer.toBytes()];
}

function structBytes(writeFields: (writer: ThriftCompactWriter) => void): number[] {
  return written((writer) => writer.struct(() => writeFields(writer)));
}

describe('ThriftCompactWriter', () => {
  it('writes i32 as zigzag varints', () => {
    const cases: [number, number[]][] = [
      [0, [0x00]],
      [1, [0x02]],
      [-1, [0x01]],
      [63, [0x7e]],
      [-64, [0x7f]],
      [64, [0x80, 0x01]],
      [300, [0xd8, 0x04]],
      [2_147_483_647, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
      [-2_147_483_648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    ];
    for (const [value, bytes] of cases) expect([value, written((writer) => writer.i32(value))]).toEqual([value, bytes]);
  });

  it('writes i64 as zigzag varints, from numbers and bigints alike', () => {
    const cases: [number | bigint, number[]][] = [
      [0, [0x00]],
      [-1, [0x01]],
      [1n, [0x02]],
      [-3n, [0x05]],
      [2 ** 40, [0x80, 0x80, 0x80, 0x80, 0x80, 0x40]], // zigzag 2^41: five empty 7-bit groups, then 2^6
      [-(2 ** 40), [0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]], // zigzag 2^41 - 1
      // 2^52 and beyond go through bigint arithmetic: zigzag(2^52) = 2^53.
      [2 ** 52, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]],
      [-(2 ** 53) + 1, [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]],
      [9_223_372_036_854_775_807n, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
      [-9_223_372_036_854_775_808n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ];
    for (const [value, bytes] of cases) expect([value, written((writer) => writer.i64(value))]).toEqual([value, bytes]);
    // The number and bigint paths agree around the switch-over.
    for (const value of [2 ** 52 - 1, -(2 ** 52) + 1, 2 ** 52 + 2, -(2 ** 52) - 2]) {
      expect(written((writer) => writer.i64(value))).toEqual(written((writer) => writer.i64(BigInt(value))));
    }
  });

  it('writes field headers with id deltas, and the long form when the delta does not fit', () => {
    expect(
      structBytes((writer) => {
        writer.fieldI32(1, 5); // delta 1
        writer.fieldI32(3, 1); // delta 2
        writer.fieldI32(18, 2); // delta 15, the largest short one
        writer.fieldI32(34, 3); // delta 16: type byte, then the id as a zigzag varint (68)
        writer.fieldI32(2, 4); // going back: long form too
        writer.fieldI32(300, 0); // id 300 → zigzag 600 → 0xd8 0x04
      }),
    ).toEqual([0x15, 0x0a, 0x25, 0x02, 0xf5, 0x04, 0x05, 0x44, 0x06, 0x05, 0x04, 0x08, 0x05, 0xd8, 0x04, 0x00, 0x00]);
  });

  it('writes bools in the field type, i8 as a raw byte, i16, doubles and binaries', () => {
    expect(
      structBytes((writer) => {
        writer.fieldBool(1, true);
        writer.fieldBool(2, false);
        writer.fieldI8(3, -1);
        writer.fieldI16(4, -300);
        writer.fieldDouble(5, 1.5);
        writer.fieldString(6, 'hé');
        writer.fieldBinary(7, new Uint8Array([0, 255]));
        writer.fieldString(8, '');
      }),
    ).toEqual([
      0x11,
      0x12,
      0x13, 0xff,
      0x14, 0xd7, 0x04,
      0x17, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f,
      0x18, 0x03, 0x68, 0xc3, 0xa9,
      0x18, 0x02, 0x00, 0xff,
      0x18, 0x00,
      0x00,
    ]);
  });

  it('writes short and long lists', () => {
    expect(structBytes((writer) => writer.fieldList(2, ThriftType.I32, [1, 2, 3], (item) => writer.i32(item)))).toEqual([
      0x29, 0x35, 0x02, 0x04, 0x06, 0x00,
    ]);
    const fifteen = Array.from({ length: 15 }, (_, index) => index);
    expect(structBytes((writer) => writer.fieldList(1, ThriftType.I8, fifteen, (item) => writer.i8(item)))).toEqual([
      0x19, 0xf3, 0x0f, ...fifteen, 0x00,
    ]);
    const many = Array.from({ length: 200 }, () => true);
    expect(structBytes((writer) => writer.fieldList(1, ThriftType.BOOL_TRUE, many, (item) => writer.bool(item)))).toEqual([
      0x19, 0xf1, 0xc8, 0x01, ...many.map(() => 0x01), 0x00,
    ]);
    expect(structBytes((writer) => writer.fieldList(1, ThriftType.BINARY, [], () => undefined))).toEqual([
      0x19, 0x08, 0x00,
    ]);
  });

  it('restores the enclosing field id after nested structs and list elements', () => {
    expect(
      structBytes((writer) => {
        writer.fieldStruct(1, () => writer.fieldI32(5, 1));
        writer.fieldI32(2, 1); // delta 1 from the outer field 1, not from the inner field 5
        writer.fieldList(4, ThriftType.STRUCT, ['a', 'b'], (name) => writer.struct(() => writer.fieldString(1, name)));
        writer.fieldStruct(5, () => writer.fieldStruct(1, () => undefined)); // an empty struct in a union
      }),
    ).toEqual([
      0x1c, 0x55, 0x02, 0x00,
      0x15, 0x02,
      0x29, 0x2c, 0x18, 0x01, 0x61, 0x00, 0x18, 0x01, 0x62, 0x00,
      0x1c, 0x1c, 0x00, 0x00,
      0x00,
    ]);
  });

  it('grows its buffer and can be reset', () => {
    const writer = new ThriftCompactWriter(1);
    const long = new Uint8Array(1000).fill(7);
    writer.struct(() => writer.fieldBinary(1, long));
    expect(writer.byteLength).toBe(1 + 2 + 1000 + 1);
    expect([...writer.toBytes().subarray(0, 3)]).toEqual([0x18, 0xe8, 0x07]);
    writer.reset();
    writer.struct(() => writer.fieldI32(1, 1));
    expect([...writer.toBytes()]).toEqual([0x15, 0x02, 0x00]);
  });

  it('refuses values out of range, saying which', () => {
    const writer = new ThriftCompactWriter();
    expect(() => writer.i32(2 ** 31)).toThrow('Thrift i32 must be an integer in [-2147483648, 2147483647], got 2147483648');
    expect(() => writer.i32(1.5)).toThrow(/i32.*got 1\.5/);
    expect(() => writer.i8(128)).toThrow(/i8/);
    expect(() => writer.i16(-32_769)).toThrow(/i16/);
    expect(() => writer.i64(2 ** 53)).toThrow('Thrift i64 given as a number must be a safe integer, got 9007199254740992');
    expect(() => writer.i64(2n ** 63n)).toThrow('Thrift i64 out of range: 9223372036854775808');
    expect(() => writer.fieldI32(40_000, 0)).toThrow(/field id/);
    expect(() => writer.listHeader(ThriftType.I32, -1)).toThrow(/list size/);
  });

  it('refuses to hand out the bytes of a struct still being written', () => {
    const writer = new ThriftCompactWriter();
    expect(() =>
      writer.struct(() => {
        writer.fieldI32(1, 1);
        writer.toBytes();
      }),
    ).toThrow('Thrift writer: a struct is still open');
  });
});
