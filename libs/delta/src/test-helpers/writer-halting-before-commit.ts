import { openObjectStore, storageOptionsSchema, type ObjectStore } from '@music/storage';
import { z } from 'zod';
import { DeltaTable } from '../delta-table';

/**
 * A writer process for crash tests, run with tsx: it appends rows to a table, and when the append
 * has uploaded its data files and is about to write the commit, prints one JSON line
 * `{"halted": true, "uploaded": [keys]}` and waits forever, so that the test can SIGKILL it at
 * exactly that point. The hook lives in this script's store wrapper, not in the library.
 *
 *   tsx writer-halting-before-commit.ts '{"uri": "...", "storageOptions": {...}, "rows": [...]}'
 */

const argumentsSchema = z.object({
  uri: z.string(),
  storageOptions: storageOptionsSchema.optional(),
  rows: z.array(z.record(z.string(), z.unknown())),
});

function haltingStore(inner: ObjectStore, uploaded: string[]): ObjectStore {
  return {
    uri: inner.uri,
    get: (key) => inner.get(key),
    getRange: (key, range) => inner.getRange(key, range),
    list: (prefix) => inner.list(prefix),
    head: (key) => inner.head(key),
    delete: (key) => inner.delete(key),
    put: async (key, body) => {
      await inner.put(key, body);
      uploaded.push(key);
    },
    putIfAbsent: async (key, body) => {
      if (!/^_delta_log\/\d{20}\.json$/.test(key)) return inner.putIfAbsent(key, body);
      process.stdout.write(`${JSON.stringify({ halted: true, uploaded })}\n`);
      await new Promise(() => setInterval(() => undefined, 60_000));
    },
  };
}

async function main(): Promise<void> {
  const parsed = argumentsSchema.safeParse(JSON.parse(process.argv[2] ?? '{}'));
  if (!parsed.success) throw new Error(`writer-halting-before-commit: invalid arguments: ${parsed.error.message}`);
  const { uri, storageOptions, rows } = parsed.data;
  const uploaded: string[] = [];
  const table = await DeltaTable.open(haltingStore(openObjectStore(uri, storageOptions), uploaded));
  await table.append(rows);
  throw new Error('writer-halting-before-commit: the append committed instead of halting');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
