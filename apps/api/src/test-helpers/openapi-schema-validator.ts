/**
 * A small validator for the OpenAPI 3.0 schema objects this API publishes, so that contract tests
 * check responses against /openapi.json itself (what clients read), not against the zod schemas
 * the JSON was generated from. It knows the keywords below and throws on any other, so that a
 * schema it cannot judge never passes silently.
 */

export type SchemaObject = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'title', 'default', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const ASSERTIONS = new Set([
  'type',
  'nullable',
  'enum',
  'const',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
]);

const FORMATS: Record<string, (value: string) => boolean> = {
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const matchesType = (value: unknown, type: string) => typeOf(value) === type || (type === 'number' && typeOf(value) === 'integer');

/** Problems of `value` against `schema`, each as `path: what`; empty when it conforms. */
export function validateAgainstSchema(value: unknown, schema: SchemaObject, document: SchemaObject = {}, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword)) throw new Error(`${path}: schema keyword ${JSON.stringify(keyword)} is not supported by this validator`);
  }
  if (typeof schema['$ref'] === 'string') return validateAgainstSchema(value, resolveRef(schema['$ref'], document), document, path);
  const errors: string[] = [];
  if (value === null) {
    if (schema['nullable'] === true || schema['type'] === 'null') {
      if (Array.isArray(schema['enum']) && !schema['enum'].includes(null)) errors.push(`${path}: null is not one of ${JSON.stringify(schema['enum'])}`);
      return errors;
    }
    if (schema['type'] !== undefined) return [`${path}: null is not allowed (expected ${String(schema['type'])})`];
  }
  if (typeof schema['type'] === 'string' && !matchesType(value, schema['type'])) return [`${path}: expected ${schema['type']}, got ${typeOf(value)}`];
  if (Array.isArray(schema['enum']) && !schema['enum'].some((option) => option === value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  if ('const' in schema && schema['const'] !== value) errors.push(`${path}: expected ${JSON.stringify(schema['const'])}`);
  if (typeof value === 'string') {
    const format = schema['format'];
    if (typeof format === 'string') {
      const check = FORMATS[format];
      if (!check) throw new Error(`${path}: format ${JSON.stringify(format)} is not supported by this validator`);
      if (!check(value)) errors.push(`${path}: ${JSON.stringify(value)} is not a ${format}`);
    }
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema['pattern']}`);
    if (typeof schema['minLength'] === 'number' && [...value].length < schema['minLength']) errors.push(`${path}: shorter than ${schema['minLength']}`);
    if (typeof schema['maxLength'] === 'number' && [...value].length > schema['maxLength']) errors.push(`${path}: longer than ${schema['maxLength']}`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: ${value} < minimum ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: ${value} > maximum ${schema['maximum']}`);
    if (typeof schema['exclusiveMinimum'] === 'number' && value <= schema['exclusiveMinimum']) errors.push(`${path}: ${value} <= ${schema['exclusiveMinimum']}`);
    if (typeof schema['exclusiveMaximum'] === 'number' && value >= schema['exclusiveMaximum']) errors.push(`${path}: ${value} >= ${schema['exclusiveMaximum']}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) errors.push(`${path}: fewer than ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) errors.push(`${path}: more than ${schema['maxItems']} items`);
    const items = schema['items'];
    if (items !== undefined) value.forEach((item, i) => errors.push(...validateAgainstSchema(item, items as SchemaObject, document, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, SchemaObject>;
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in object)) errors.push(`${path}.${name}: required`);
    for (const [name, property] of Object.entries(object)) {
      const propertySchema = properties[name];
      if (propertySchema) errors.push(...validateAgainstSchema(property, propertySchema, document, `${path}.${name}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}.${name}: not declared`);
      else if (typeof schema['additionalProperties'] === 'object') errors.push(...validateAgainstSchema(property, schema['additionalProperties'] as SchemaObject, document, `${path}.${name}`));
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (!Array.isArray(options)) continue;
    const passing = options.filter((option) => validateAgainstSchema(value, option as SchemaObject, document, path).length === 0).length;
    if (keyword === 'anyOf' ? passing === 0 : passing !== 1) errors.push(`${path}: matches ${passing} of the ${options.length} ${keyword} schemas`);
  }
  if (Array.isArray(schema['allOf'])) for (const part of schema['allOf']) errors.push(...validateAgainstSchema(value, part as SchemaObject, document, path));
  return errors;
}

function resolveRef(ref: string, document: SchemaObject): SchemaObject {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  if (typeof node !== 'object' || node === null) throw new Error(`$ref ${ref} does not resolve in the document`);
  return node as SchemaObject;
}
