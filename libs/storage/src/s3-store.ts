import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { assertValidRange } from './byte-range';
import { describeError } from './error-details';
import { assertValidKey, assertValidPrefix, compareKeys, joinUri } from './object-key';
import type { ByteRange, ObjectMeta, ObjectStore } from './object-store';
import { isS3ConditionalConflict, isS3NotFound, isS3PreconditionFailed, isS3Throttled, isTransientS3Error, s3ErrorDetails } from './s3-errors';
import { AlreadyExistsError, NotFoundError, type StorageOperation } from './storage-errors';
import { runStorageOperation, type BackendErrorModel, type RetrySettings } from './storage-operation';
import type { S3StoreOptions } from './storage-options';

/** The one S3Client method the store uses; tests inject a fake. */
export type S3Send = Pick<S3Client, 'send'>;

export interface S3StoreConfig extends RetrySettings {
  /** Canonical root URI, `s3://bucket` or `s3://bucket/prefix`. */
  uri: string;
  bucket: string;
  /** Prepended to every key: '' or ending with '/'. */
  keyPrefix: string;
  client: S3Send;
}

/**
 * An S3 client for the store. The SDK's own retries are off (maxAttempts 1) so that the
 * store's retry policy is the only one, and conditional writes are retried knowingly.
 */
export function createS3Client(options: S3StoreOptions): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    credentials: options.credentials,
    maxAttempts: 1,
  });
}

/**
 * Objects in an S3 bucket (AWS or MinIO) under a key prefix. putIfAbsent is a conditional
 * PutObject (`If-None-Match: *`), which S3 and MinIO apply atomically.
 */
export class S3Store implements ObjectStore {
  readonly uri: string;
  private readonly bucket: string;
  private readonly keyPrefix: string;
  private readonly client: S3Send;
  private readonly config: S3StoreConfig;

  constructor(config: S3StoreConfig) {
    this.uri = config.uri;
    this.bucket = config.bucket;
    this.keyPrefix = config.keyPrefix;
    this.client = config.client;
    this.config = config;
  }

  async get(key: string): Promise<Uint8Array> {
    assertValidKey(key, 'get', this.uri);
    return this.run('get', key, async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }));
      return readBody(response.Body);
    });
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array> {
    assertValidKey(key, 'getRange', this.uri);
    assertValidRange(range, joinUri(this.uri, key));
    if (range.start === range.end) {
      // An HTTP Range cannot be empty; still report an absent object as such.
      if (!(await this.head(key))) throw new NotFoundError('getRange', joinUri(this.uri, key));
      return new Uint8Array(0);
    }
    return this.run('getRange', key, async () => {
      try {
        const response = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key, Range: `bytes=${range.start}-${range.end - 1}` }),
        );
        return readBody(response.Body);
      } catch (error) {
        // 416: the object exists but the range starts at or past its end.
        if (s3ErrorDetails(error).status === 416) return new Uint8Array(0);
        throw error;
      }
    });
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'put', this.uri);
    await this.run('put', key, async () => {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key, Body: body }));
    });
  }

  async putIfAbsent(key: string, body: Uint8Array): Promise<void> {
    assertValidKey(key, 'putIfAbsent', this.uri);
    // After a failure that may have been applied (reset connection, 5xx), a 412 can be our own
    // earlier attempt; only then do we compare the stored bytes with ours.
    let mayHaveLanded = false;
    await this.run('putIfAbsent', key, async () => {
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key, Body: body, IfNoneMatch: '*' }));
      } catch (error) {
        if (isS3PreconditionFailed(error)) {
          if (mayHaveLanded && (await this.holds(key, body))) return;
          throw new AlreadyExistsError(joinUri(this.uri, key), { cause: error });
        }
        if (isTransientS3Error(error) && !isS3ConditionalConflict(error) && !isS3Throttled(error)) mayHaveLanded = true;
        throw error;
      }
    });
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    assertValidPrefix(prefix, this.uri);
    const found: ObjectMeta[] = [];
    let continuationToken: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.run('list', prefix, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.keyPrefix + prefix, ContinuationToken: continuationToken }),
        ),
      );
      for (const object of page.Contents ?? []) {
        // Keys ending in '/' are "folder" markers made by consoles, not objects.
        if (!object.Key || object.Key.endsWith('/') || !object.Key.startsWith(this.keyPrefix)) continue;
        found.push({ key: object.Key.slice(this.keyPrefix.length), size: object.Size ?? 0, lastModified: object.LastModified?.getTime() ?? 0 });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  async head(key: string): Promise<ObjectMeta | undefined> {
    assertValidKey(key, 'head', this.uri);
    return this.run('head', key, async () => {
      try {
        const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }));
        return { key, size: response.ContentLength ?? 0, lastModified: response.LastModified?.getTime() ?? 0 };
      } catch (error) {
        if (isS3NotFound(error)) return undefined;
        throw error;
      }
    });
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key, 'delete', this.uri);
    await this.run('delete', key, async () => {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }));
      } catch (error) {
        if (!isS3NotFound(error)) throw error;
      }
    });
  }

  private async holds(key: string, body: Uint8Array): Promise<boolean> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyPrefix + key }));
    return Buffer.from(await readBody(response.Body)).equals(Buffer.from(body));
  }

  private run<T>(operation: StorageOperation, key: string, attempt: () => Promise<T>): Promise<T> {
    return runStorageOperation(operation, joinUri(this.uri, key), attempt, S3_ERRORS, this.config);
  }
}

const S3_ERRORS: BackendErrorModel = { isTransient: isTransientS3Error, isNotFound: isS3NotFound, describe: describeS3Error };

function describeS3Error(error: unknown): string {
  const { name, status } = s3ErrorDetails(error);
  const what = [name, status].filter((part) => part !== undefined).join(' ');
  return what ? `${what}: ${describeError(error)}` : describeError(error);
}

async function readBody(body: { transformToByteArray(): Promise<Uint8Array> } | undefined): Promise<Uint8Array> {
  return body ? body.transformToByteArray() : new Uint8Array(0);
}
