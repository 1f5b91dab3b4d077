import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openObjectStore, type ObjectStore } from '@music/storage';

/** Helpers for this library's unit tests: local stores in fresh temporary directories. */

export function localStore(directory: string): ObjectStore {
  // fsync off: the tests do not survive power cuts and run faster without it.
  return openObjectStore(pathToFileURL(directory).href, { local: { fsync: false } });
}

export interface TemporaryDirectory {
  path: string;
  remove(): Promise<void>;
}

export async function temporaryDirectory(label: string): Promise<TemporaryDirectory> {
  const path = await mkdtemp(join(tmpdir(), `music-delta-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
