import { validateAgainstSchema, type SchemaObject } from './openapi-schema-validator';

const schema: SchemaObject = {
  type: 'object',
  properties: {
    day: { type: 'string', format: 'date' },
    count: { type: 'integer', minimum: 0 },
    share: { type: 'number', nullable: true },
    kind: { type: 'string', enum: ['a', 'b'] },
    rows: { type: 'array', items: { $ref: '#/components/schemas/Row' } },
  },
  required: ['day', 'count', 'share'],
  additionalProperties: false,
};
const document: SchemaObject = { components: { schemas: { Row: { type: 'object', properties: { id: { type: 'string', minLength: 1 } }, required: ['id'] } } } };

describe('validateAgainstSchema', () => {
  it('accepts a conforming value', () => {
    expect(validateAgainstSchema({ day: '2026-11-24', count: 3, share: null, kind: 'a', rows: [{ id: 'x' }] }, schema, document)).toEqual([]);
  });

  it('names every problem with its path', () => {
    expect(validateAgainstSchema({ day: '24/11/2026', count: 1.5, kind: 'c', rows: [{}], extra: 1 }, schema, document)).toEqual([
      '$.share: required',
      '$.day: "24/11/2026" is not a date',
      '$.count: expected integer, got number',
      '$.kind: "c" is not one of ["a","b"]',
      '$.rows[0].id: required',
      '$.extra: not declared',
    ]);
    expect(validateAgainstSchema({ day: '2026-11-24', count: -1, share: 'x' }, schema, document)).toEqual(['$.count: -1 < minimum 0', '$.share: expected number, got string']);
    expect(validateAgainstSchema(null, { type: 'integer' })).toEqual(['$: null is not allowed (expected integer)']);
  });

  it('refuses to judge a schema with keywords it does not know', () => {
    expect(() => validateAgainstSchema(1, { type: 'integer', multipleOf: 2 })).toThrow('schema keyword "multipleOf" is not supported');
  });
});
