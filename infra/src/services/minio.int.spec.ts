import { randomUUID } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { serviceEndpoint } from '@music/test-support';

jest.setTimeout(60_000);

describe('local MinIO (real)', () => {
  let client: S3Client;
  let bucket: string;
  const prefix = `infra-check/${randomUUID()}/`;

  beforeAll(async () => {
    const s3 = await serviceEndpoint('minio', process.env);
    bucket = s3.bucket;
    client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
  });

  afterAll(() => client.destroy());

  it('puts, gets, lists and deletes objects', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}a.json`, Body: '{"a":1}' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}b.json`, Body: '{"b":2}' }));
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}a.json` }));
    expect(await got.Body?.transformToString()).toBe('{"a":1}');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`${prefix}a.json`, `${prefix}b.json`]);
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}a.json` }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}b.json` }));
    const after = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    expect(after.KeyCount).toBe(0);
  });

  it('refuses a second If-None-Match: * put of the same key with 412, leaving the first', async () => {
    const Key = `${prefix}_delta_log/00000000000000000000.json`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'first', IfNoneMatch: '*' }));
    const second = client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'second', IfNoneMatch: '*' }));
    await expect(second).rejects.toBeInstanceOf(S3ServiceException);
    const error = (await second.catch((e: unknown) => e)) as S3ServiceException;
    expect(error.name).toBe('PreconditionFailed');
    expect(error.$metadata.httpStatusCode).toBe(412);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
    expect(await got.Body?.transformToString()).toBe('first');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  });

  it('lets exactly one of several racing conditional puts win', async () => {
    const Key = `${prefix}race.json`;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `writer-${i}`, IfNoneMatch: '*' }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect((r.reason as S3ServiceException).$metadata.httpStatusCode).toBe(412);
    }
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  });
});
