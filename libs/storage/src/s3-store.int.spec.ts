import { randomUUID } from 'node:crypto';
import { serviceEndpoint, type S3Endpoint } from '@music/test-support';
import { describeObjectStoreContract } from './object-store-contract';
import { openObjectStore } from './open-object-store';
import { StorageError } from './storage-errors';
import type { StorageOptions } from './storage-options';

jest.setTimeout(60_000);

let endpoint: S3Endpoint | undefined;
const root = `storage-contract/${randomUUID()}`;

async function minio(): Promise<S3Endpoint> {
  endpoint ??= await serviceEndpoint('minio', process.env);
  return endpoint;
}

async function options(): Promise<StorageOptions> {
  const endpoint = await minio();
  return {
    s3: {
      endpoint: endpoint.endpoint,
      region: endpoint.region,
      credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    },
  };
}

describeObjectStoreContract('s3:// (S3Store on MinIO)', async () => openObjectStore(`s3://${(await minio()).bucket}/${root}`, await options()), {
  timeoutMs: 60_000,
});

describe('S3Store on MinIO, specifics', () => {
  it('names the URI and the S3 error when the bucket does not exist', async () => {
    const store = openObjectStore(`s3://no-such-bucket-${randomUUID().slice(0, 8)}/x`, await options());
    const error = await store.get('a.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^get s3:\/\/no-such-bucket-[0-9a-f]{8}\/x\/a\.json: NoSuchBucket 404/);
    expect(await store.list('').catch((e: unknown) => e)).toBeInstanceOf(StorageError);
  });

  it('reports wrong credentials as a StorageError without retrying them', async () => {
    const good = await options();
    const store = openObjectStore(`s3://${(await minio()).bucket}/${root}`, {
      ...good,
      s3: { ...good.s3, region: 'us-east-1', credentials: { accessKeyId: 'musicadmin', secretAccessKey: 'wrong-secret' } },
      retry: { maxAttempts: 3, baseDelayMs: 5_000 },
    });
    const started = Date.now();
    const error = await store.put('denied.json', new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/SignatureDoesNotMatch 403/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
