import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort, serviceEndpoint } from '@music/test-support';
import { createTopics, produceEvents, reconcile, ROOT, startIngest, stopIngest, waitForLake, waitHealthy, type IngestProcess } from './testing/ingest-harness';

jest.setTimeout(900_000);


describe('streaming-ingest on the other lake backends (real MinIO, real HDFS)', () => {
  let brokers: string[];
  const running: IngestProcess[] = [];

  beforeAll(async () => {
    ({ brokers } = await serviceEndpoint('kafka', process.env));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => stopIngest(p, 'SIGKILL')));
  });

  it.each([['minio'], ['hdfs']] as const)('100k events with 1%% malformed reconcile exactly on %s', async (backend) => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-backend');
    let lake: string;
    let lakeEnv: Record<string, string>;
    let storage;
    if (backend === 'minio') {
      const s3 = await serviceEndpoint('minio', process.env);
      lake = `s3://${s3.bucket}/ingest-it/${randomUUID()}`;
      lakeEnv = { S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
      storage = { s3: { endpoint: s3.endpoint, region: s3.region, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } } };
    } else {
      const hdfs = await serviceEndpoint('hdfs', process.env);
      lake = `${hdfs.hdfsUrl}/ingest-it/${randomUUID()}`;
      lakeEnv = { WEBHDFS_URL: hdfs.webhdfsUrl, HDFS_USER: hdfs.user };
      storage = { hdfs: { webhdfsUrl: hdfs.webhdfsUrl, user: hdfs.user } };
    }
    const manifest = await produceEvents({ brokers, topic, count: 100_000, badRatio: 0.01 });
    const ingest = startIngest(
      {
        KAFKA_BROKERS: brokers.join(','),
        INGEST_TOPIC: topic,
        INGEST_DLQ_TOPIC: dlq,
        INGEST_GROUP: `group-${topic}`,
        LAKE_URI: lake,
        INGEST_HTTP_PORT: String(await freePort()),
        ...lakeEnv,
      },
      join(ROOT, '.run', 'logs', 'tests', `ingest-${backend}-${Date.now()}.log`),
    );
    running.push(ingest);
    await waitHealthy(ingest);
    const contents = await waitForLake(lake, 100_000, 400_000, storage);
    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.quarantine).toHaveLength(manifest.badCount);
  });
});
