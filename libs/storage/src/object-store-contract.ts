import { randomBytes } from 'node:crypto';
import type { ObjectStore } from './object-store';
import { AlreadyExistsError, NotFoundError, StorageError } from './storage-errors';

export interface ObjectStoreContractOptions {
  /** Per-test timeout; remote backends need more than the jest default. */
  timeoutMs?: number;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const commitKey = (root: string, version: number): string => `${root}/${String(version).padStart(20, '0')}.json`;

/**
 * The behaviour every ObjectStore backend must have. `openStore` must return a store on the
 * same, otherwise unused root at every call (several calls model independent writers); the
 * suite deletes the objects it wrote, the caller removes the root itself.
 */
export function describeObjectStoreContract(
  name: string,
  openStore: () => ObjectStore | Promise<ObjectStore>,
  options: ObjectStoreContractOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;

  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;

    beforeAll(async () => {
      store = await openStore();
    }, timeout);

    afterAll(async () => {
      if (!store) return;
      const leftovers = await store.list('');
      for (let i = 0; i < leftovers.length; i += 16) {
        await Promise.all(leftovers.slice(i, i + 16).map((object) => store.delete(object.key)));
      }
    }, timeout);

    it('round-trips text, binary and empty objects byte for byte', async () => {
      const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
      const large = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      await store.put('roundtrip/text.json', text('{"héllo":"wörld ♫"}'));
      await store.put('roundtrip/every-byte.bin', everyByte);
      await store.put('roundtrip/large.bin', large);
      await store.put('roundtrip/empty', new Uint8Array(0));

      expect(decode(await store.get('roundtrip/text.json'))).toBe('{"héllo":"wörld ♫"}');
      expect(Buffer.from(await store.get('roundtrip/every-byte.bin')).equals(Buffer.from(everyByte))).toBe(true);
      expect(Buffer.from(await store.get('roundtrip/large.bin')).equals(Buffer.from(large))).toBe(true);
      expect((await store.get('roundtrip/empty')).byteLength).toBe(0);
      expect(await store.head('roundtrip/empty')).toMatchObject({ key: 'roundtrip/empty', size: 0 });
    }, timeout);

    it('replaces an object on put', async () => {
      await store.put('replace/a.json', text('first version, longer'));
      await store.put('replace/a.json', text('second'));
      expect(decode(await store.get('replace/a.json'))).toBe('second');
      expect(await store.list('replace/')).toEqual([expect.objectContaining({ key: 'replace/a.json', size: 6 })]);
    }, timeout);

    it('reads byte ranges, cutting ranges that reach past the end', async () => {
      await store.put('range/digits', text('0123456789'));
      expect(decode(await store.getRange('range/digits', { start: 2, end: 5 }))).toBe('234');
      expect(decode(await store.getRange('range/digits', { start: 0, end: 1 }))).toBe('0');
      expect(decode(await store.getRange('range/digits', { start: 7, end: 10 }))).toBe('789');
      expect(decode(await store.getRange('range/digits', { start: 7, end: 1_000 }))).toBe('789');
      expect((await store.getRange('range/digits', { start: 4, end: 4 })).byteLength).toBe(0);
      expect((await store.getRange('range/digits', { start: 10, end: 20 })).byteLength).toBe(0);
      expect((await store.getRange('range/digits', { start: 50, end: 60 })).byteLength).toBe(0);
    }, timeout);

    it('reads a range from the middle of a multi-megabyte binary object', async () => {
      const large = new Uint8Array(randomBytes(2 * 1024 * 1024));
      await store.put('range/large.bin', large);
      const start = 1024 * 1024 - 100;
      const got = await store.getRange('range/large.bin', { start, end: start + 70_000 });
      expect(Buffer.from(got).equals(Buffer.from(large.subarray(start, start + 70_000)))).toBe(true);
    }, timeout);

    it('rejects a range of an absent object with NotFoundError, and a malformed range', async () => {
      await expect(store.getRange('range/absent', { start: 0, end: 4 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.getRange('range/absent', { start: 0, end: 0 })).rejects.toBeInstanceOf(NotFoundError);
      await store.put('range/small', text('abc'));
      await expect(store.getRange('range/small', { start: 3, end: 1 })).rejects.toThrow(/invalid byte range/);
      await expect(store.getRange('range/small', { start: -1, end: 1 })).rejects.toBeInstanceOf(StorageError);
    }, timeout);

    it('lists nested keys under a prefix, sorted by key bytes', async () => {
      const keys = ['list/b', 'list/a/c/d', 'list/a.b', 'list/a/b', 'list/a-b', 'list/é', 'list/z'];
      for (const key of keys) await store.put(key, text(key));
      await store.put('listing-sibling', text('outside'));

      const listed = await store.list('list/');
      expect(listed.map((o) => o.key)).toEqual(['list/a-b', 'list/a.b', 'list/a/b', 'list/a/c/d', 'list/b', 'list/z', 'list/é']);
      for (const object of listed) expect(object.size).toBe(text(object.key).byteLength);
      expect((await store.list('list/a/')).map((o) => o.key)).toEqual(['list/a/b', 'list/a/c/d']);
      expect((await store.list('list/a')).map((o) => o.key)).toEqual(['list/a-b', 'list/a.b', 'list/a/b', 'list/a/c/d']);
      expect((await store.list('list')).map((o) => o.key)).toContain('listing-sibling');
      expect(await store.list('list/nothing-here')).toEqual([]);
      expect(await store.list('no-such-directory/')).toEqual([]);
    }, timeout);

    it('lists by a prefix that ends in the middle of a file name', async () => {
      for (const version of [1, 2, 9, 10, 11, 19, 20, 100]) await store.put(commitKey('midname/_delta_log', version), text(`v${version}`));
      const listed = await store.list('midname/_delta_log/0000000000000000001');
      expect(listed.map((o) => o.key)).toEqual([10, 11, 19].map((v) => commitKey('midname/_delta_log', v)));
      const all = await store.list('');
      expect(all.filter((o) => o.key.startsWith('midname/'))).toHaveLength(8);
    }, timeout);

    it('reports metadata with head, and undefined for absent keys and for "directories"', async () => {
      const before = Date.now();
      await store.put('head/dir/object.bin', new Uint8Array(1234));
      const meta = await store.head('head/dir/object.bin');
      expect(meta).toEqual({ key: 'head/dir/object.bin', size: 1234, lastModified: expect.any(Number) });
      // Remote clocks and second-granularity timestamps: allow a few seconds either way.
      expect(Math.abs((meta?.lastModified ?? 0) - before)).toBeLessThan(60_000);
      expect(await store.head('head/dir/absent.bin')).toBeUndefined();
      expect(await store.head('head/dir')).toBeUndefined();
    }, timeout);

    it('deletes objects, and deleting an absent object or a "directory" is not an error', async () => {
      await store.put('delete/dir/a', text('a'));
      await store.put('delete/b', text('b'));
      await store.delete('delete/dir/a');
      await expect(store.get('delete/dir/a')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.head('delete/dir/a')).toBeUndefined();
      expect((await store.list('delete/')).map((o) => o.key)).toEqual(['delete/b']);
      await store.delete('delete/dir/a');
      await store.delete('delete/never-existed');
      await store.delete('delete/dir');
      expect(decode(await store.get('delete/b'))).toBe('b');
    }, timeout);

    it('rejects get of an absent object with a NotFoundError naming the full URI', async () => {
      const error = await store.get('absent/x.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ operation: 'get', uri: `${store.uri}/absent/x.json` });
      expect((error as Error).message).toContain(`${store.uri}/absent/x.json`);
    }, timeout);

    it('creates with putIfAbsent, and refuses an existing key keeping the original bytes', async () => {
      await store.putIfAbsent('pia/_delta_log/0.json', text('original'));
      const error = await store.putIfAbsent('pia/_delta_log/0.json', text('intruder')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlreadyExistsError);
      expect(error).toMatchObject({ operation: 'putIfAbsent', uri: `${store.uri}/pia/_delta_log/0.json` });
      expect(decode(await store.get('pia/_delta_log/0.json'))).toBe('original');
      expect((await store.list('pia/')).map((o) => o.key)).toEqual(['pia/_delta_log/0.json']);
    }, timeout);

    it('refuses malformed keys before touching the backend', async () => {
      for (const key of ['', '/absolute', 'a//b', 'a/../b', './a', 'trailing/']) {
        await expect(store.put(key, text('x'))).rejects.toThrow(/invalid key/);
      }
      await expect(store.list('../')).rejects.toThrow(/invalid prefix/);
    }, timeout);

    it('never shows a partially written object to a concurrent reader', async () => {
      const size = 4 * 1024 * 1024;
      const writing = store.put('partial/big.bin', new Uint8Array(randomBytes(size)));
      let done = false;
      void writing.finally(() => (done = true)).catch(() => undefined);
      const seenSizes = new Set<number>();
      while (!done) {
        for (const object of await store.list('partial/')) seenSizes.add(object.size);
        const meta = await store.head('partial/big.bin');
        if (meta) seenSizes.add(meta.size);
      }
      await writing;
      for (const object of await store.list('partial/')) seenSizes.add(object.size);
      expect([...seenSizes]).toEqual([size]);
    }, timeout);

    it('lets exactly one of 8 concurrent putIfAbsent calls on one key win', async () => {
      const writers = await Promise.all(Array.from({ length: 8 }, () => openStore()));
      const results = await Promise.allSettled(writers.map((writer, i) => writer.putIfAbsent('race-one/commit.json', text(`writer-${i}`))));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(AlreadyExistsError);
      }
      expect(decode(await store.get('race-one/commit.json'))).toBe(`writer-${winners[0]}`);
    }, timeout);

    it('serialises 4 writers x 25 racing "next version" commits into versions 0..99, each written once', async () => {
      const log = 'race-log/_delta_log';
      const writers = await Promise.all(Array.from({ length: 4 }, () => openStore()));
      const commits = 25;
      await Promise.all(
        writers.map(async (writer, writerId) => {
          for (let seq = 0; seq < commits; ) {
            const versions = (await writer.list(`${log}/`)).map((o) => Number(o.key.slice(log.length + 1, -'.json'.length)));
            const next = versions.length === 0 ? 0 : Math.max(...versions) + 1;
            try {
              await writer.putIfAbsent(commitKey(log, next), text(JSON.stringify({ writerId, seq })));
              seq++;
            } catch (error) {
              if (!(error instanceof AlreadyExistsError)) throw error;
            }
          }
        }),
      );

      const listed = await store.list(`${log}/`);
      expect(listed.map((o) => o.key)).toEqual(Array.from({ length: 4 * commits }, (_, v) => commitKey(log, v)));
      const bodies = await Promise.all(listed.map(async (o) => JSON.parse(decode(await store.get(o.key))) as { writerId: number; seq: number }));
      const written = new Set(bodies.map((b) => `${b.writerId}:${b.seq}`));
      expect(written.size).toBe(4 * commits);
      for (let writerId = 0; writerId < 4; writerId++) {
        expect(bodies.filter((b) => b.writerId === writerId).map((b) => b.seq)).toEqual(Array.from({ length: commits }, (_, s) => s));
      }
    }, timeout * 4);
  });
}
