import type { ObjectStore } from '@music/storage';

/** A store whose putIfAbsent of commit files runs `before` first (to stage a competing writer). */
export class InterceptingStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly before: (key: string, inner: ObjectStore) => Promise<void>,
  ) {}
  get uri() {
    return this.inner.uri;
  }
  get(key: string) {
    return this.inner.get(key);
  }
  getRange(key: string, range: { start: number; end: number }) {
    return this.inner.getRange(key, range);
  }
  put(key: string, body: Uint8Array) {
    return this.inner.put(key, body);
  }
  async putIfAbsent(key: string, body: Uint8Array) {
    if (/_delta_log\/\d{20}\.json$/.test(key)) await this.before(key, this.inner);
    return this.inner.putIfAbsent(key, body);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  head(key: string) {
    return this.inner.head(key);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

