/**
 * Type ids of the Thrift compact protocol as they appear in field and list headers. A bool
 * field carries its value in the header type (TRUE or FALSE); a bool list element is a byte.
 */
export const ThriftType = {
  BOOL_TRUE: 1,
  BOOL_FALSE: 2,
  I8: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** Element types a list may declare (bool elements are declared as BOOL_TRUE). */
export type ThriftElementType = (typeof ThriftType)[Exclude<keyof typeof ThriftType, 'BOOL_FALSE'>];

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MASK = 2n ** 64n - 1n;
// Below 2^52 in magnitude the zigzag value (at most 2^53 - 1) stays exact in a double.
const NUMBER_ZIGZAG_LIMIT = 2 ** 52;
const textEncoder = new TextEncoder();

/**
 * Writes Thrift structs with the compact protocol into a growable buffer (the encoding of the
 * Parquet footer and page headers). Fields go through `field*` methods, in increasing id order
 * to get the one-byte headers; list elements and top-level values through the bare methods.
 * Nested structs are written by callbacks so that the last field id of each struct is kept
 * on a stack and restored when the inner struct ends.
 */
export class ThriftCompactWriter {
  private bytes: Uint8Array;
  private view: DataView;
  private length = 0;
  private lastFieldId = 0;
  private readonly enclosingFieldIds: number[] = [];

  constructor(initialCapacity = 256) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Bytes written so far (a view on the writer's buffer: copy it before writing more). */
  toBytes(): Uint8Array {
    if (this.enclosingFieldIds.length > 0) throw new Error('Thrift writer: a struct is still open');
    return this.bytes.subarray(0, this.length);
  }

  get byteLength(): number {
    return this.length;
  }

  /** Empties the writer, keeping its buffer, to write another value. */
  reset(): void {
    this.length = 0;
    this.lastFieldId = 0;
    this.enclosingFieldIds.length = 0;
  }

  /** A whole struct: `writeFields` writes its fields, then the stop byte closes it. */
  struct(writeFields: () => void): void {
    this.enclosingFieldIds.push(this.lastFieldId);
    this.lastFieldId = 0;
    writeFields();
    this.byte(0);
    this.lastFieldId = this.enclosingFieldIds.pop() ?? 0;
  }

  fieldStruct(id: number, writeFields: () => void): void {
    this.fieldHeader(id, ThriftType.STRUCT);
    this.struct(writeFields);
  }

  fieldBool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? ThriftType.BOOL_TRUE : ThriftType.BOOL_FALSE);
  }

  fieldI8(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.I8);
    this.i8(value);
  }

  fieldI16(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.I16);
    this.i16(value);
  }

  fieldI32(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.I32);
    this.i32(value);
  }

  fieldI64(id: number, value: number | bigint): void {
    this.fieldHeader(id, ThriftType.I64);
    this.i64(value);
  }

  fieldDouble(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.DOUBLE);
    this.double(value);
  }

  fieldBinary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, ThriftType.BINARY);
    this.binary(value);
  }

  fieldString(id: number, value: string): void {
    this.fieldHeader(id, ThriftType.BINARY);
    this.string(value);
  }

  /** A list field: its header, then `writeElement` for each item with the bare methods. */
  fieldList<T>(id: number, elementType: ThriftElementType, items: readonly T[], writeElement: (item: T) => void): void {
    this.fieldHeader(id, ThriftType.LIST);
    this.listHeader(elementType, items.length);
    for (const item of items) writeElement(item);
  }

  listHeader(elementType: ThriftElementType, size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > INT32_MAX) {
      throw new RangeError(`Thrift list size must be an integer in [0, 2^31), got ${size}`);
    }
    if (size < 15) {
      this.byte((size << 4) | elementType);
    } else {
      this.byte(0xf0 | elementType);
      this.unsignedVarint(size);
    }
  }

  bool(value: boolean): void {
    this.byte(value ? ThriftType.BOOL_TRUE : ThriftType.BOOL_FALSE);
  }

  i8(value: number): void {
    checkInteger(value, -0x80, 0x7f, 'i8');
    this.byte(value & 0xff);
  }

  i16(value: number): void {
    checkInteger(value, -0x8000, 0x7fff, 'i16');
    this.unsignedVarint(zigzag32(value));
  }

  i32(value: number): void {
    checkInteger(value, INT32_MIN, INT32_MAX, 'i32');
    this.unsignedVarint(zigzag32(value));
  }

  i64(value: number | bigint): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`Thrift i64 given as a number must be a safe integer, got ${value}`);
      if (Math.abs(value) < NUMBER_ZIGZAG_LIMIT) {
        this.unsignedVarint(value >= 0 ? value * 2 : -value * 2 - 1);
        return;
      }
      value = BigInt(value);
    }
    if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`Thrift i64 out of range: ${value}`);
    let rest = ((value << 1n) ^ (value >> 63n)) & UINT64_MASK;
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  double(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  binary(value: Uint8Array): void {
    this.unsignedVarint(value.length);
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  string(value: string): void {
    this.binary(textEncoder.encode(value));
  }

  private fieldHeader(id: number, type: number): void {
    checkInteger(id, -0x8000, 0x7fff, 'field id');
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) {
      this.byte((delta << 4) | type);
    } else {
      this.byte(type);
      this.unsignedVarint(zigzag32(id));
    }
    this.lastFieldId = id;
  }

  /** `value` is a non-negative integer below 2^53. */
  private unsignedVarint(value: number): void {
    this.reserve(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

function checkInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Thrift ${what} must be an integer in [${min}, ${max}], got ${value}`);
  }
}
