import { assertValidRange } from './byte-range';
import { assertValidKey, assertValidPrefix, compareKeys, joinUri } from './object-key';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store';
import { AlreadyExistsError, NotFoundError } from './storage-errors';

interface StoredObject {
  body: Uint8Array;
  lastModified: number;
}

/**
 * A test double holding objects in a Map, honouring the ObjectStore contract (it passes the
 * shared suite). Stores made with `sharing` see the same objects, like writers on one bucket.
 */
export class InMemoryObjectStore implements ObjectStore {
  private readonly objects: Map<string, StoredObject>;

  constructor(
    readonly uri = 'memory://store',
    sharing?: InMemoryObjectStore,
  ) {
    this.objects = sharing ? sharing.objects : new Map();
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key, 'get', this.uri);
    return this.require('get', key).body.slice();
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array> {
    assertValidKey(key, 'getRange', this.uri);
    assertValidRange(range, joinUri(this.uri, key));
    return this.require('getRange', key).body.slice(range.start, range.end);
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'put', this.uri);
    this.objects.set(key, { body: body.slice(), lastModified: Date.now() });
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'putIfAbsent', this.uri);
    if (this.objects.has(key)) throw new AlreadyExistsError(joinUri(this.uri, key));
    this.objects.set(key, { body: body.slice(), lastModified: Date.now() });
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    assertValidPrefix(prefix, this.uri);
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, object]) => ({ key, size: object.body.byteLength, lastModified: object.lastModified }))
      .sort((a, b) => compareKeys(a.key, b.key));
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    assertValidKey(key, 'head', this.uri);
    const object = this.objects.get(key);
    return object && { key, size: object.body.byteLength, lastModified: object.lastModified };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key, 'delete', this.uri);
    this.objects.delete(key);
  }

  private require(operation: 'get' | 'getRange', key: string): StoredObject {
    const object = this.objects.get(key);
    if (!object) throw new NotFoundError(operation, joinUri(this.uri, key));
    return object;
  }
}
