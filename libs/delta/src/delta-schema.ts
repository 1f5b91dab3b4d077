import { z } from 'zod';

/**
 * The table schema in the protocol's own JSON form ("Schema Serialization Format"): primitive
 * types are strings, complex types are objects. Decimals are normalised to `decimal(p,s)`.
 */
export const PRIMITIVE_TYPE_NAMES = [
  'string',
  'long',
  'integer',
  'short',
  'byte',
  'float',
  'double',
  'boolean',
  'binary',
  'date',
  'timestamp',
  'timestamp_ntz',
  'variant',
  'void',
] as const;

export type PrimitiveTypeName = (typeof PRIMITIVE_TYPE_NAMES)[number];
export type DecimalTypeName = `decimal(${number},${number})`;

export interface ArrayType {
  type: 'array';
  elementType: DataType;
  containsNull: boolean;
}

export interface MapType {
  type: 'map';
  keyType: DataType;
  valueType: DataType;
  valueContainsNull: boolean;
}

export interface StructField {
  name: string;
  type: DataType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

export interface StructType {
  type: 'struct';
  fields: StructField[];
}

export type DataType = PrimitiveTypeName | DecimalTypeName | ArrayType | MapType | StructType;

export class SchemaParseError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path === '' ? message : `${path}: ${message}`);
    this.name = 'SchemaParseError';
  }
}

const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

export function isDecimalType(type: DataType): type is DecimalTypeName {
  return typeof type === 'string' && type.startsWith('decimal(');
}

export function decimalPrecisionScale(type: DecimalTypeName): { precision: number; scale: number } {
  const match = DECIMAL.exec(type);
  if (!match) throw new SchemaParseError('', `not a decimal type: ${type}`);
  return { precision: Number(match[1]), scale: Number(match[2]) };
}

export function isPrimitiveType(type: DataType): type is PrimitiveTypeName | DecimalTypeName {
  return typeof type === 'string';
}

const rawField = z.object({
  name: z.string(),
  type: z.unknown(),
  nullable: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

function parseDataType(raw: unknown, path: string): DataType {
  if (typeof raw === 'string') {
    if ((PRIMITIVE_TYPE_NAMES as readonly string[]).includes(raw)) return raw as PrimitiveTypeName;
    const decimal = DECIMAL.exec(raw);
    if (decimal) {
      const precision = Number(decimal[1]);
      const scale = Number(decimal[2]);
      if (precision < 1 || precision > 38 || scale > precision) {
        throw new SchemaParseError(path, `invalid decimal precision/scale in ${JSON.stringify(raw)}`);
      }
      return `decimal(${precision},${scale})`;
    }
    if (raw === 'decimal') return 'decimal(10,0)';
    throw new SchemaParseError(path, `unknown type ${JSON.stringify(raw)}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new SchemaParseError(path, `a type must be a string or an object`);
  const kind = (raw as { type?: unknown }).type;
  if (kind === 'struct') return parseStruct(raw, path);
  if (kind === 'array') {
    const parsed = z.object({ elementType: z.unknown(), containsNull: z.boolean().optional() }).safeParse(raw);
    if (!parsed.success) throw new SchemaParseError(path, 'invalid array type');
    return {
      type: 'array',
      elementType: parseDataType(parsed.data.elementType, `${path}.element`),
      containsNull: parsed.data.containsNull ?? true,
    };
  }
  if (kind === 'map') {
    const parsed = z
      .object({ keyType: z.unknown(), valueType: z.unknown(), valueContainsNull: z.boolean().optional() })
      .safeParse(raw);
    if (!parsed.success) throw new SchemaParseError(path, 'invalid map type');
    return {
      type: 'map',
      keyType: parseDataType(parsed.data.keyType, `${path}.key`),
      valueType: parseDataType(parsed.data.valueType, `${path}.value`),
      valueContainsNull: parsed.data.valueContainsNull ?? true,
    };
  }
  if (kind === 'variant') return 'variant';
  throw new SchemaParseError(path, `unknown type ${JSON.stringify(kind)}`);
}

function parseStruct(raw: unknown, path: string): StructType {
  const parsed = z.object({ type: z.literal('struct'), fields: z.array(z.unknown()) }).safeParse(raw);
  if (!parsed.success) throw new SchemaParseError(path, 'a struct needs "type": "struct" and a "fields" array');
  const seen = new Set<string>();
  const fields = parsed.data.fields.map((rawFieldValue, index) => {
    const field = rawField.safeParse(rawFieldValue);
    if (!field.success) throw new SchemaParseError(`${path}[${index}]`, 'a field needs a string "name" and a "type"');
    const fieldPath = path === '' ? field.data.name : `${path}.${field.data.name}`;
    const lower = field.data.name.toLowerCase();
    if (seen.has(lower)) throw new SchemaParseError(fieldPath, 'duplicate column name (names are case-insensitive)');
    seen.add(lower);
    return {
      name: field.data.name,
      type: parseDataType(field.data.type, fieldPath),
      nullable: field.data.nullable ?? true,
      metadata: field.data.metadata ?? {},
    };
  });
  return { type: 'struct', fields };
}

/** Parses `metaData.schemaString`; throws SchemaParseError naming the column at fault. */
export function parseSchemaString(schemaString: string): StructType {
  let json: unknown;
  try {
    json = JSON.parse(schemaString);
  } catch (error) {
    throw new SchemaParseError('', `schemaString is not valid JSON (${(error as Error).message})`);
  }
  return parseStruct(json, '');
}

/** Validates a schema given by code (same rules as a schemaString). */
export function validateSchema(schema: StructType): StructType {
  return parseStruct(schema, '');
}

export function serializeSchema(schema: StructType): string {
  return JSON.stringify(schema);
}

export function findField(schema: StructType, name: string): StructField | undefined {
  return schema.fields.find((field) => field.name === name);
}

/** Fields, nested ones included, whose metadata has `key` (e.g. `delta.invariants`). */
export function fieldsWithMetadata(schema: StructType, key: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const field of schema.fields) {
    const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
    if (Object.hasOwn(field.metadata, key)) found.push(path);
    if (typeof field.type === 'object' && field.type.type === 'struct') {
      found.push(...fieldsWithMetadata(field.type, key, path));
    }
  }
  return found;
}
