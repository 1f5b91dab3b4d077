import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from '@music/delta';
import { fileUriOf, openObjectStore, type ObjectStore } from '@music/storage';
import type { Lake } from '../lake';

/**
 * Where the jobs' scenario tests put their lakes: local disk (unit tests) or MinIO (integration
 * tests). Every lake is fresh (its own directory or a random prefix) and removed afterwards.
 */

export interface TestLake extends Lake {
  /** The whole lake as one store: every table's data and log objects, keys relative to the lake root. */
  store: ObjectStore;
  /** Deletes every object of the lake, its local cache copies, and closes its DuckDB session. */
  remove(): Promise<void>;
}

export interface LakeBackend {
  name: string;
  /** DuckDB reads local copies of the lake's files (remote stores), kept in the lake's cacheDirectory. */
  copiesFilesLocally: boolean;
  newLake(): Promise<TestLake>;
}

/** The MinIO endpoint as @music/test-support's serviceEndpoint('minio', …) gives it. */
export interface MinioEndpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

async function deleteAll(store: ObjectStore): Promise<void> {
  const objects = await store.list('');
  for (let i = 0; i < objects.length; i += 16) await Promise.all(objects.slice(i, i + 16).map((object) => store.delete(object.key)));
}

export const localDisk: LakeBackend = {
  name: 'local disk',
  copiesFilesLocally: false,
  async newLake() {
    const directory = await mkdtemp(join(tmpdir(), 'jobs-lake-'));
    const uri = fileUriOf(directory);
    const duckdb = await DuckDBSession.create();
    return {
      uri,
      storage: {},
      duckdb,
      store: openObjectStore(uri),
      remove: async () => {
        await duckdb.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  },
};

/** Lakes under `s3://<bucket>/lakehouse-jobs-int/<run>/<lake>`: one prefix per test run, one per lake. */
export function minio(endpoint: () => Promise<MinioEndpoint>): LakeBackend {
  const run = randomUUID();
  return {
    name: 'MinIO (s3://)',
    copiesFilesLocally: true,
    async newLake() {
      const { bucket, ...s3 } = await endpoint();
      const uri = `s3://${bucket}/lakehouse-jobs-int/${run}/${randomUUID()}`;
      const storage = { s3: { endpoint: s3.endpoint, region: s3.region, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } } };
      const cacheDirectory = await mkdtemp(join(tmpdir(), 'jobs-lake-cache-'));
      const duckdb = await DuckDBSession.create();
      const store = openObjectStore(uri, storage);
      return {
        uri,
        storage,
        duckdb,
        cacheDirectory,
        store,
        remove: async () => {
          await duckdb.close();
          await deleteAll(store);
          await rm(cacheDirectory, { recursive: true, force: true });
        },
      };
    },
  };
}
