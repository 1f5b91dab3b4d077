import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_TYPES, likeEventSchema, playEventSchema, shareEventSchema, skipEventSchema, trackSchema } from './event-schema';
import { LISTENING_EVENT_JSON_SCHEMA_PATH, listeningEventJsonSchema, renderListeningEventJsonSchema } from './json-schema-export';

interface ObjectSchema {
  properties: Record<string, { const?: unknown; $ref?: string }>;
  required: string[];
  additionalProperties: boolean;
}

describe('listening-event JSON Schema', () => {
  it('is committed up to date with the zod schema (regenerate: npx tsx libs/events/src/write-json-schema.ts)', () => {
    const committed = readFileSync(resolve(__dirname, '..', '..', '..', LISTENING_EVENT_JSON_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(renderListeningEventJsonSchema());
  });

  it('describes each event type as a closed object with every field required', () => {
    const schema = listeningEventJsonSchema() as { $schema: string; oneOf: ObjectSchema[]; $defs: Record<string, ObjectSchema & { enum?: string[] }> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const byType = new Map(schema.oneOf.map((variant) => [variant.properties['event_type']?.const, variant]));
    expect([...byType.keys()].sort()).toEqual([...EVENT_TYPES].sort());
    const zodShapes = { play: playEventSchema, skip: skipEventSchema, like: likeEventSchema, share: shareEventSchema };
    for (const [type, zodSchema] of Object.entries(zodShapes)) {
      const variant = byType.get(type) as ObjectSchema;
      expect(variant.additionalProperties).toBe(false);
      expect(variant.required.sort()).toEqual(Object.keys(zodSchema.shape).sort());
      expect(variant.properties['track']?.$ref).toBe('#/$defs/Track');
    }
    expect(schema.$defs['Track']?.required.sort()).toEqual(Object.keys(trackSchema.shape).sort());
    expect(schema.$defs['CountryCode']?.enum).toContain('FR');
  });
});
