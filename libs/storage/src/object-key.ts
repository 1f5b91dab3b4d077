import { StorageError, type StorageOperation } from './storage-errors';

/**
 * Keys are '/'-separated relative paths. Empty, '.' and '..' segments are refused so that a
 * key can never escape the store root on disk or in HDFS, and maps to exactly one S3 key.
 */
export function assertValidKey(key: string, operation: StorageOperation, storeUri: string): void {
  const problem = keyProblem(key, false);
  if (problem) throw new StorageError(operation, joinUri(storeUri, key), `invalid key ${JSON.stringify(key)}: ${problem}`);
}

/** A list prefix follows the key rules but may be empty and may end with '/' or mid-name. */
export function assertValidPrefix(prefix: string, storeUri: string): void {
  const problem = keyProblem(prefix, true);
  if (problem) throw new StorageError('list', joinUri(storeUri, prefix), `invalid prefix ${JSON.stringify(prefix)}: ${problem}`);
}

function keyProblem(key: string, isPrefix: boolean): string | undefined {
  if (key === '') return isPrefix ? undefined : 'a key cannot be empty';
  if (key.startsWith('/')) return 'it must be relative (no leading "/")';
  if (key.includes('\0')) return 'it contains a NUL character';
  const segments = key.split('/');
  // A prefix may end with '/' (its last segment is then empty) or stop in the middle of a name.
  const checked = isPrefix ? segments.slice(0, -1) : segments;
  for (const segment of checked) {
    if (segment === '') return 'it contains an empty path segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return `it contains a "${segment}" path segment`;
  }
  return undefined;
}

/** The full URI of an object, for error messages: the store URI and the key. */
export function joinUri(storeUri: string, key: string): string {
  if (key === '') return storeUri;
  return storeUri.endsWith('/') ? `${storeUri}${key}` : `${storeUri}/${key}`;
}

/** Orders keys by their UTF-8 bytes, the order S3 lists in, so every backend sorts alike. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
