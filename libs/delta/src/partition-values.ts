import { isDecimalType, type DataType } from './delta-schema';
import {
  formatDate,
  formatTimestamp,
  parseDateText,
  parseTimestampText,
  type DeltaScalar,
} from './scalar-values';

/**
 * Partition values are strings in the log (PROTOCOL.md "Partition Value Serialization"); an empty
 * string or null is a null partition value for every type.
 */

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32_768, 32_767],
  integer: [-2_147_483_648, 2_147_483_647],
};
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export class PartitionValueError extends Error {
  constructor(column: string, raw: string, type: DataType) {
    super(`partition column ${column}: ${JSON.stringify(raw)} is not a valid ${typeof type === 'string' ? type : type.type} value`);
    this.name = 'PartitionValueError';
  }
}

function parseFloatText(raw: string): number | undefined {
  const text = raw.trim();
  if (/^[+-]?(nan)$/i.test(text)) return Number.NaN;
  if (/^\+?(inf|infinity)$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-(inf|infinity)$/i.test(text)) return Number.NEGATIVE_INFINITY;
  return FLOAT_TEXT.test(text) ? Number(text) : undefined;
}

/** Typed value of one serialized partition value (see scalar-values.ts for the representation). */
export function parsePartitionValue(column: string, raw: string | null | undefined, type: DataType): DeltaScalar {
  if (raw === null || raw === undefined || raw === '') return null;
  const fail = (): never => {
    throw new PartitionValueError(column, raw, type);
  };
  if (typeof type !== 'string') return fail();
  if (isDecimalType(type)) return DECIMAL_TEXT.test(raw.trim()) ? raw.trim() : fail();
  switch (type) {
    case 'string':
      return raw;
    case 'byte':
    case 'short':
    case 'integer': {
      const [min, max] = INTEGER_RANGES[type] as [number, number];
      const value = INTEGER_TEXT.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      return Number.isInteger(value) && value >= min && value <= max ? value : fail();
    }
    case 'long': {
      if (!INTEGER_TEXT.test(raw.trim())) return fail();
      const value = BigInt(raw.trim());
      return value >= LONG_MIN && value <= LONG_MAX ? value : fail();
    }
    case 'float':
    case 'double':
      return parseFloatText(raw) ?? fail();
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : fail();
    }
    case 'date':
      return parseDateText(raw) ?? fail();
    case 'timestamp':
    case 'timestamp_ntz':
      return parseTimestampText(raw) ?? fail();
    case 'binary':
      return new Uint8Array(Buffer.from(raw, 'utf8'));
    default:
      return fail();
  }
}

/**
 * Serializes a typed value for `add.partitionValues`. Timestamps are written in the ISO 8601 UTC
 * form the protocol recommends (`1970-01-01T00:00:00.000000Z`).
 */
export function serializePartitionValue(column: string, value: DeltaScalar, type: DataType): string | null {
  if (value === null) return null;
  const fail = (): never => {
    throw new PartitionValueError(column, String(value), type);
  };
  if (typeof type !== 'string') return fail();
  if (isDecimalType(type)) return typeof value === 'string' && DECIMAL_TEXT.test(value) ? value : fail();
  switch (type) {
    case 'string':
      return typeof value === 'string' ? (value === '' ? null : value) : fail();
    case 'byte':
    case 'short':
    case 'integer':
    case 'float':
    case 'double':
      return typeof value === 'number' ? numberText(value) : fail();
    case 'long':
      return typeof value === 'bigint' ? value.toString() : fail();
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : fail();
    case 'date':
      return typeof value === 'number' && Number.isInteger(value) ? formatDate(value) : fail();
    case 'timestamp':
      return typeof value === 'bigint' ? formatTimestamp(value) : fail();
    default:
      return fail();
  }
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return String(value);
}
