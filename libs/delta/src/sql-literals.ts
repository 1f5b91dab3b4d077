import { decimalPrecisionScale, isDecimalType, type DataType } from './delta-schema';
import { formatDate, formatTimestamp, type DeltaScalar } from './scalar-values';

/** DuckDB SQL text for identifiers, strings, Delta types and typed values. */

export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`;
}

export class UnsupportedColumnTypeError extends Error {
  constructor(type: string) {
    super(`Delta type ${type} has no DuckDB mapping in @music/delta`);
    this.name = 'UnsupportedColumnTypeError';
  }
}

/** The DuckDB type a Delta type is read as (`timestamp` is an instant: TIMESTAMPTZ). */
export function duckdbType(type: DataType): string {
  if (typeof type === 'string') {
    if (isDecimalType(type)) {
      const { precision, scale } = decimalPrecisionScale(type);
      return `DECIMAL(${precision},${scale})`;
    }
    switch (type) {
      case 'string':
        return 'VARCHAR';
      case 'long':
        return 'BIGINT';
      case 'integer':
        return 'INTEGER';
      case 'short':
        return 'SMALLINT';
      case 'byte':
        return 'TINYINT';
      case 'float':
        return 'FLOAT';
      case 'double':
        return 'DOUBLE';
      case 'boolean':
        return 'BOOLEAN';
      case 'binary':
        return 'BLOB';
      case 'date':
        return 'DATE';
      case 'timestamp':
        return 'TIMESTAMPTZ';
      case 'timestamp_ntz':
        return 'TIMESTAMP';
      default:
        throw new UnsupportedColumnTypeError(type);
    }
  }
  switch (type.type) {
    case 'array':
      return `${duckdbType(type.elementType)}[]`;
    case 'map':
      return `MAP(${duckdbType(type.keyType)}, ${duckdbType(type.valueType)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((field) => `${sqlIdentifier(field.name)} ${duckdbType(field.type)}`).join(', ')})`;
  }
}

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** A typed value (scalar-values.ts representation) as a DuckDB literal of the column's type. */
export function sqlLiteral(value: DeltaScalar, type: DataType): string {
  const target = duckdbType(type);
  if (value === null) return `CAST(NULL AS ${target})`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Uint8Array) return `CAST(${sqlString(hexBytes(value))} AS BLOB)`;
  if (type === 'date' && typeof value === 'number') return `CAST(${sqlString(formatDate(value))} AS DATE)`;
  if ((type === 'timestamp' || type === 'timestamp_ntz') && typeof value === 'bigint') {
    return `CAST(${sqlString(formatTimestamp(value).replace('T', ' ').replace('Z', ''))} AS ${target})`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const text = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return `CAST(${sqlString(text)} AS ${target})`;
  }
  return `CAST(${sqlString(String(value))} AS ${target})`;
}
