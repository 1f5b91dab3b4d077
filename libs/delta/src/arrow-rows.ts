import { DataType, Precision, TimeUnit, Type, type Table, type Vector } from 'apache-arrow';
import type { WritableType } from './row-validation';
import { formatDate, formatTimestamp } from './scalar-values';

/**
 * Rows of an Arrow table in the form `append` validates. Arrow's JS getters return timestamps as
 * (rounded) milliseconds, so timestamp columns are read from their raw 64-bit values and passed on
 * as exact ISO 8601 UTC text; dates become `YYYY-MM-DD`.
 */

const MICROS_PER_UNIT: Record<number, [multiply: bigint, divide: bigint]> = {
  [TimeUnit.SECOND]: [1_000_000n, 1n],
  [TimeUnit.MILLISECOND]: [1000n, 1n],
  [TimeUnit.MICROSECOND]: [1n, 1n],
  [TimeUnit.NANOSECOND]: [1n, 1000n],
};

function timestampTexts(vector: Vector, unit: TimeUnit): (string | null)[] {
  const [multiply, divide] = MICROS_PER_UNIT[unit] as [bigint, bigint];
  const texts: (string | null)[] = [];
  for (const data of vector.data) {
    const values = data.values as unknown as BigInt64Array;
    for (let index = 0; index < data.length; index++) {
      if (!data.getValid(index)) {
        texts.push(null);
        continue;
      }
      const raw = values[index] as bigint;
      const scaled = raw * multiply;
      // Floor division: nanoseconds before 1970 must round down, not toward zero.
      const micros = divide === 1n ? scaled : scaled / divide - (scaled % divide < 0n ? 1n : 0n);
      texts.push(formatTimestamp(micros));
    }
  }
  return texts;
}

export function arrowTableToRows(table: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = Array.from({ length: table.numRows }, () => ({}));
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    if (!vector) continue;
    if (field.typeId === Type.Timestamp) {
      const texts = timestampTexts(vector, (field.type as { unit: TimeUnit }).unit);
      texts.forEach((text, index) => ((rows[index] as Record<string, unknown>)[field.name] = text));
      continue;
    }
    for (let index = 0; index < table.numRows; index++) {
      const value: unknown = vector.get(index);
      const row = rows[index] as Record<string, unknown>;
      if (field.typeId === Type.Date && typeof value === 'number') row[field.name] = formatDate(Math.floor(value / 86_400_000));
      else if (field.typeId === Type.Date && value instanceof Date) row[field.name] = formatDate(Math.floor(value.getTime() / 86_400_000));
      else row[field.name] = value;
    }
  }
  return rows;
}

function writableType(type: DataType): WritableType | undefined {
  if (DataType.isInt(type)) {
    // Unsigned values need the next wider signed type.
    const bits = type.isSigned ? type.bitWidth : type.bitWidth * 2;
    return bits <= 8 ? 'byte' : bits <= 16 ? 'short' : bits <= 32 ? 'integer' : bits <= 64 ? 'long' : undefined;
  }
  if (DataType.isFloat(type)) return type.precision === Precision.DOUBLE ? 'double' : 'float';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  return undefined;
}

/** The Delta type of each column of an Arrow table (undefined: not writable), for schema evolution. */
export function arrowColumnTypes(table: Table): Map<string, WritableType | undefined> {
  return new Map(table.schema.fields.map((field) => [field.name, writableType(field.type)]));
}
