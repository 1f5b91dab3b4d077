import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LISTENING_EVENT_JSON_SCHEMA_PATH, renderListeningEventJsonSchema } from './json-schema-export';

// Run with `npx tsx libs/events/src/write-json-schema.ts` after changing event-schema.ts.
const target = resolve(__dirname, '..', '..', '..', LISTENING_EVENT_JSON_SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderListeningEventJsonSchema());
process.stdout.write(`wrote ${target}\n`);
