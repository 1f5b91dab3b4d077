import { InMemoryObjectStore } from '@music/storage/testing';
import { canonicalizeJson, lastCheckpointChecksum, readLastCheckpoint, writeLastCheckpoint } from './last-checkpoint';

const SAMPLE = '{"k0":"\'v 0\'", "checksum": "adsaskfljadfkjadfkj", "k1":{"k2": 2, "k3": ["v3", [1, 2], {"k4": "v4", "k5": ["v5", "v6", "v7"]}]}}';

describe('last checkpoint checksum (PROTOCOL.md "JSON checksum" example)', () => {
  it('canonicalizes and hashes the protocol sample', () => {
    expect(canonicalizeJson(SAMPLE)).toBe(
      '"k0"="%27v%200%27","k1"+"k2"=2,"k1"+"k3"+0="v3","k1"+"k3"+1+0=1,"k1"+"k3"+1+1=2,"k1"+"k3"+2+"k4"="v4","k1"+"k3"+2+"k5"+0="v5","k1"+"k3"+2+"k5"+1="v6","k1"+"k3"+2+"k5"+2="v7"',
    );
    expect(lastCheckpointChecksum(SAMPLE)).toBe('6a92d155a59bf2eecbd4b4ec7fd1f875');
  });

  it('refuses duplicate keys', () => {
    expect(() => canonicalizeJson('{"a":1,"a":2}')).toThrow(/duplicate key/);
  });
});

describe('readLastCheckpoint', () => {
  it('reads what writeLastCheckpoint wrote, checksum included', async () => {
    const store = new InMemoryObjectStore();
    await writeLastCheckpoint(store, { version: 10, size: 13, sizeInBytes: 2048, numOfAddFiles: 11 });
    const text = Buffer.from(await store.get('_delta_log/_last_checkpoint')).toString();
    expect(JSON.parse(text).checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(await readLastCheckpoint(store)).toEqual({ status: 'valid', value: { version: 10, size: 13, sizeInBytes: 2048, numOfAddFiles: 11 } });
  });

  it.each([
    ['', /empty file/],
    ['{"version":', /not valid JSON/],
    ['{"version":-1,"size":3}', /version/],
    ['{"version":3,"size":3,"checksum":"0123"}', /checksum 0123 does not match/],
  ])('reports %j as invalid instead of throwing', async (content, reason) => {
    const store = new InMemoryObjectStore();
    await store.put('_delta_log/_last_checkpoint', Buffer.from(content));
    const read = await readLastCheckpoint(store);
    expect(read.status).toBe('invalid');
    if (read.status === 'invalid') expect(read.reason).toMatch(reason);
  });

  it('reports a missing file as absent', async () => {
    expect(await readLastCheckpoint(new InMemoryObjectStore())).toEqual({ status: 'absent' });
  });
});
