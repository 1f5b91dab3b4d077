import { decimalPrecisionScale, fieldsWithMetadata, parseSchemaString, SchemaParseError, serializeSchema } from './delta-schema';

const NESTED = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'a', type: 'integer', nullable: false, metadata: {} },
    { name: 'b', type: { type: 'struct', fields: [{ name: 'd', type: 'decimal(10, 2)', nullable: true, metadata: { 'delta.invariants': '{}' } }] }, nullable: true, metadata: {} },
    { name: 'c', type: { type: 'array', elementType: 'timestamp', containsNull: false }, nullable: true, metadata: {} },
    { name: 'f', type: { type: 'map', keyType: 'string', valueType: 'long', valueContainsNull: true }, nullable: true, metadata: {} },
  ],
});

describe('parseSchemaString', () => {
  it('parses nested types and normalises decimals', () => {
    const schema = parseSchemaString(NESTED);
    expect(schema.fields.map((field) => field.name)).toEqual(['a', 'b', 'c', 'f']);
    expect(schema.fields[1]?.type).toEqual({ type: 'struct', fields: [{ name: 'd', type: 'decimal(10,2)', nullable: true, metadata: { 'delta.invariants': '{}' } }] });
    expect(schema.fields[2]?.type).toEqual({ type: 'array', elementType: 'timestamp', containsNull: false });
    expect(decimalPrecisionScale('decimal(10,2)')).toEqual({ precision: 10, scale: 2 });
    expect(fieldsWithMetadata(schema, 'delta.invariants')).toEqual(['b.d']);
  });

  it('round-trips through serializeSchema', () => {
    const schema = parseSchemaString(NESTED);
    expect(parseSchemaString(serializeSchema(schema))).toEqual(schema);
  });

  it.each([
    ['{"type":"struct","fields":[{"name":"x","type":"interval"}]}', /^x: unknown type "interval"/],
    ['{"type":"struct","fields":[{"name":"s","type":{"type":"struct","fields":[{"name":"y","type":"decimal(40,2)"}]}}]}', /^s\.y: invalid decimal/],
    ['{"type":"struct","fields":[{"name":"Id","type":"long"},{"name":"id","type":"long"}]}', /^id: duplicate column name/],
    ['{"type":"struct"}', /"fields" array/],
    ['not json', /not valid JSON/],
  ])('names the column at fault: %s', (text, message) => {
    expect(() => parseSchemaString(text)).toThrow(SchemaParseError);
    expect(() => parseSchemaString(text)).toThrow(message);
  });
});
