import { LocalFileStore } from './local-file-store';
import type { ObjectStore } from './object-store';
import { createS3Client, S3Store } from './s3-store';
import { StorageError } from './storage-errors';
import { resolveRetryPolicy, storageOptionsSchema, type StorageOptions } from './storage-options';
import { parseStoreUri } from './store-uri';
import { WebHdfsClient } from './webhdfs-client';
import { WebHdfsStore } from './webhdfs-store';

/**
 * Opens the store rooted at `uri`: `file:///abs/dir` (local disk), `s3://bucket/prefix`
 * (needs `options.s3`) or `hdfs://namenode:port/dir` (needs `options.hdfs`, the WebHDFS address).
 * Throws a StorageError naming the URI when it is malformed, of an unknown scheme, or when the
 * options its scheme needs are missing or invalid.
 */
export function openObjectStore(uri: string, options: StorageOptions = {}): ObjectStore {
  const location = parseStoreUri(uri);
  const parsed = storageOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `options.${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new StorageError('open', location.uri, `invalid storage options: ${problems}`, { cause: parsed.error });
  }
  const { local, s3, hdfs, logger } = parsed.data;
  const retry = resolveRetryPolicy(parsed.data.retry);
  switch (location.scheme) {
    case 'file':
      return new LocalFileStore(location.directory, local);
    case 's3':
      if (!s3) throw new StorageError('open', location.uri, 'an s3:// store needs options.s3 (endpoint, region, credentials)');
      return new S3Store({ ...location, client: createS3Client(s3), retry, logger });
    case 'hdfs':
      if (!hdfs) throw new StorageError('open', location.uri, 'an hdfs:// store needs options.hdfs (webhdfsUrl, user)');
      return new WebHdfsStore({ uri: location.uri, rootPath: location.path, client: new WebHdfsClient(hdfs), retry, logger });
  }
}
