import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, LIMITS, listeningEventSchema } from './event-schema';

/** Where the exported schema is committed, relative to the repository root. */
export const LISTENING_EVENT_JSON_SCHEMA_PATH = 'docs/events/listening-event.schema.json';

/**
 * The listening-event contract as JSON Schema (draft 2020-12), for non-TypeScript consumers and
 * review. Rules JSON Schema cannot say (real calendar dates, time bounds, known time zones, blank
 * strings) are in the descriptions; `validateEvent` remains the authority.
 */
export function listeningEventJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(listeningEventSchema, { target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'ListeningEvent',
    description:
      `A listening event (play, skip, like or share) on Kafka, schema_version ${CURRENT_SCHEMA_VERSION}, ` +
      `serialised as UTF-8 JSON of at most ${LIMITS.MAX_EVENT_BYTES} bytes. Generated from libs/events/src/event-schema.ts; ` +
      'do not edit by hand (npx tsx libs/events/src/write-json-schema.ts).',
    ...rest,
  };
}

/** The committed file's exact text. */
export function renderListeningEventJsonSchema(): string {
  return `${JSON.stringify(listeningEventJsonSchema(), null, 2)}\n`;
}
