import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Builders for hand-written `_delta_log` commits in unit tests. */

export const PROTOCOL = { protocol: { minReaderVersion: 1, minWriterVersion: 2 } };

export function metaData(
  fields: [name: string, type: string][],
  partitionColumns: string[] = [],
  configuration: Record<string, string> = {},
): { metaData: Record<string, unknown> } {
  const schema = { type: 'struct', fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })) };
  return {
    metaData: {
      id: 'hand-made',
      format: { provider: 'parquet', options: {} },
      schemaString: JSON.stringify(schema),
      partitionColumns,
      configuration,
      createdTime: 0,
    },
  };
}

export function add(path: string, extra: Record<string, unknown> = {}): { add: Record<string, unknown> } {
  return { add: { path, partitionValues: {}, size: 1, modificationTime: 1, dataChange: true, ...extra } };
}

export function remove(path: string, extra: Record<string, unknown> = {}): { remove: Record<string, unknown> } {
  return { remove: { path, deletionTimestamp: Date.now(), dataChange: true, ...extra } };
}

export function txn(appId: string, version: number): { txn: Record<string, unknown> } {
  return { txn: { appId, version } };
}

/** Writes `_delta_log/<version>.json` with one action per line (objects, or raw text lines). */
export async function writeCommit(tableDirectory: string, version: number, actions: (object | string)[]): Promise<void> {
  const log = join(tableDirectory, '_delta_log');
  await mkdir(log, { recursive: true });
  const text = actions.map((action) => (typeof action === 'string' ? action : JSON.stringify(action))).join('\n') + '\n';
  await writeFile(join(log, `${String(version).padStart(20, '0')}.json`), text);
}
