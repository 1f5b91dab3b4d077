import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openObjectStore, WebHdfsClient, type ObjectStore, type StorageOptions } from '@music/storage';
import { sparkS3Location } from '@music/test-support';

/**
 * Tables on the real backends for integration tests: a fresh location per table (random UUID),
 * removed afterwards. The endpoints come from `serviceEndpoint(...)` in the spec file, hence the
 * structural types here.
 */

export interface MinioEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

export interface HdfsEndpoint {
  hdfsUrl: string;
  webhdfsUrl: string;
  user: string;
}

export interface BackendTable {
  store: ObjectStore;
  /** What opens the store again in another process: `openObjectStore(store.uri, storageOptions)`. */
  storageOptions: StorageOptions;
  /** The table location as delta-rs spells it (a plain path for local disk). */
  refereeUri: string;
  /** delta-rs `storage_options` for this backend (none for local disk). */
  refereeStorageOptions: Record<string, string> | undefined;
  /** The table location as Spark spells it (s3a:// for S3). */
  sparkUri: string;
  /** Environment a Spark referee needs for this backend (the HDFS user, the S3 endpoint and keys). */
  sparkEnv: Record<string, string>;
  /** Opens another store on the same location (another writer). */
  reopen(): ObjectStore;
  remove(): Promise<void>;
}

export async function localTable(label: string): Promise<BackendTable> {
  const directory = await mkdtemp(join(tmpdir(), `music-delta-${label}-`));
  const open = () => openObjectStore(pathToFileURL(directory).href);
  return { store: open(), storageOptions: {}, refereeUri: directory, refereeStorageOptions: undefined, sparkUri: directory, sparkEnv: {}, reopen: open, remove: () => rm(directory, { recursive: true, force: true }) };
}

export function minioTable(minio: MinioEndpoint, label: string): BackendTable {
  const uri = `s3://${minio.bucket}/delta-int/${label}-${randomUUID()}`;
  const storageOptions: StorageOptions = {
    s3: { endpoint: minio.endpoint, region: minio.region, credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey } },
  };
  const open = () => openObjectStore(uri, storageOptions);
  const store = open();
  const spark = sparkS3Location(uri, minio);
  return {
    store,
    storageOptions,
    refereeUri: uri,
    refereeStorageOptions: {
      AWS_ENDPOINT_URL: minio.endpoint,
      AWS_ACCESS_KEY_ID: minio.accessKeyId,
      AWS_SECRET_ACCESS_KEY: minio.secretAccessKey,
      AWS_REGION: minio.region,
      AWS_ALLOW_HTTP: 'true',
      conditional_put: 'etag',
    },
    sparkUri: spark.path,
    sparkEnv: spark.env,
    reopen: open,
    remove: async () => {
      await Promise.all((await store.list('')).map((meta) => store.delete(meta.key)));
    },
  };
}

export function hdfsTable(hdfs: HdfsEndpoint, label: string): BackendTable {
  const path = `/delta-int/${label}-${randomUUID()}`;
  const storageOptions: StorageOptions = { hdfs: { webhdfsUrl: hdfs.webhdfsUrl, user: hdfs.user } };
  const open = () => openObjectStore(`${hdfs.hdfsUrl}${path}`, storageOptions);
  const client = new WebHdfsClient({ webhdfsUrl: hdfs.webhdfsUrl, user: hdfs.user });
  return {
    store: open(),
    storageOptions,
    refereeUri: `${hdfs.hdfsUrl}${path}`,
    refereeStorageOptions: undefined,
    sparkUri: `${hdfs.hdfsUrl}${path}`,
    sparkEnv: { HADOOP_USER_NAME: hdfs.user },
    reopen: open,
    remove: async () => void (await client.delete(path, true)),
  };
}

/**
 * For a describe block: a function opening a fresh table location on each call, every location
 * removed after the block's tests (afterAll).
 */
export function locationsRemovedAfterAll(open: () => Promise<BackendTable>): () => Promise<BackendTable> {
  const opened: BackendTable[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((location) => location.remove()));
  });
  return async () => {
    const location = await open();
    opened.push(location);
    return location;
  };
}
