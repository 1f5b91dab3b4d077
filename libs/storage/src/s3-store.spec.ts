import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { S3Store, type S3Send } from './s3-store';
import { AlreadyExistsError, NotFoundError, StorageError } from './storage-errors';

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `${name} from fake` });
}
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

type Command = { input: Record<string, unknown> };
/** Decides the fate of one call: throw before applying, apply then throw (a lost answer), or pass. */
type Injection = { command: new (...args: never[]) => unknown; error: unknown; afterApplying?: boolean };

/** An in-memory bucket speaking the few S3 commands the store sends, with scripted failures. */
class FakeBucket {
  readonly objects = new Map<string, Uint8Array>();
  readonly calls: string[] = [];
  readonly injections: Injection[] = [];

  readonly client: S3Send = {
    send: (async (command: Command) => {
      const name = (command.constructor as { name: string }).name;
      this.calls.push(name);
      const injection = this.injections[0] && command instanceof this.injections[0].command ? this.injections.shift() : undefined;
      if (injection && !injection.afterApplying) throw injection.error;
      const output = this.apply(command);
      if (injection) throw injection.error;
      return output;
    }) as S3Send['send'],
  };

  private apply(command: Command): unknown {
    const key = command.input['Key'] as string;
    if (command instanceof PutObjectCommand) {
      if (command.input.IfNoneMatch === '*' && this.objects.has(key)) throw s3Error('PreconditionFailed', 412);
      this.objects.set(key, command.input.Body as Uint8Array);
      return {};
    }
    if (command instanceof GetObjectCommand) {
      const body = this.objects.get(key);
      if (!body) throw s3Error('NoSuchKey', 404);
      return { Body: { transformToByteArray: async () => body } };
    }
    if (command instanceof HeadObjectCommand) {
      const body = this.objects.get(key);
      if (!body) throw s3Error('NotFound', 404);
      return { ContentLength: body.byteLength, LastModified: new Date(0) };
    }
    if (command instanceof DeleteObjectCommand) {
      this.objects.delete(key);
      return {};
    }
    if (command instanceof ListObjectsV2Command) {
      // Pages of two keys, so that pagination is exercised.
      const keys = [...this.objects.keys()].filter((k) => k.startsWith(command.input.Prefix ?? '')).sort();
      const start = Number(command.input.ContinuationToken ?? 0);
      const page = keys.slice(start, start + 2);
      const more = start + 2 < keys.length;
      return {
        Contents: page.map((k) => ({ Key: k, Size: this.objects.get(k)?.byteLength, LastModified: new Date(0) })),
        IsTruncated: more,
        NextContinuationToken: more ? String(start + 2) : undefined,
      };
    }
    throw new Error(`the fake does not know ${(command.constructor as { name: string }).name}`);
  }
}

const bytes = (value: string) => new TextEncoder().encode(value);

function storeOn(bucket: FakeBucket, maxAttempts = 4) {
  const delays: number[] = [];
  const store = new S3Store({
    uri: 's3://lake/bronze',
    bucket: 'lake',
    keyPrefix: 'bronze/',
    client: bucket.client,
    retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 100 },
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
  });
  return { store, delays };
}

describe('S3Store retries (fake S3)', () => {
  it.each([
    ['SlowDown 503', s3Error('SlowDown', 503)],
    ['InternalError 500', s3Error('InternalError', 500)],
    ['429', s3Error('TooManyRequests', 429)],
    ['a reset connection', connectionReset()],
  ])('retries a put after %s, with backoff', async (_label, error) => {
    const bucket = new FakeBucket();
    bucket.injections.push({ command: PutObjectCommand, error }, { command: PutObjectCommand, error });
    const { store, delays } = storeOn(bucket);
    await store.put('a.json', bytes('{}'));
    expect(bucket.calls).toEqual(['PutObjectCommand', 'PutObjectCommand', 'PutObjectCommand']);
    expect(delays).toEqual([5, 10]);
    expect(bucket.objects.get('bronze/a.json')).toEqual(bytes('{}'));
  });

  it('does not retry an absent key: NotFoundError after one call', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket);
    const error = await store.get('missing.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ operation: 'get', uri: 's3://lake/bronze/missing.json' });
    expect((error as Error).cause).toMatchObject({ name: 'NoSuchKey' });
    expect(bucket.calls).toEqual(['GetObjectCommand']);
  });

  it('does not retry a 412: AlreadyExistsError after one call, the original kept', async () => {
    const bucket = new FakeBucket();
    bucket.objects.set('bronze/_delta_log/0.json', bytes('original'));
    const { store } = storeOn(bucket);
    await expect(store.putIfAbsent('_delta_log/0.json', bytes('mine'))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(bucket.calls).toEqual(['PutObjectCommand']);
    expect(bucket.objects.get('bronze/_delta_log/0.json')).toEqual(bytes('original'));
  });

  it('retries a 409 ConditionalRequestConflict, then reports the winner as AlreadyExistsError', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket);
    bucket.injections.push({ command: PutObjectCommand, error: s3Error('ConditionalRequestConflict', 409) });
    bucket.objects.set('bronze/k', bytes('winner'));
    await expect(store.putIfAbsent('k', bytes('loser'))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(bucket.calls).toEqual(['PutObjectCommand', 'PutObjectCommand']);
  });

  it('retries a 409 ConditionalRequestConflict, and succeeds when the key is still free', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket);
    bucket.injections.push({ command: PutObjectCommand, error: s3Error('ConditionalRequestConflict', 409) });
    await store.putIfAbsent('k', bytes('mine'));
    expect(bucket.objects.get('bronze/k')).toEqual(bytes('mine'));
  });

  it('recognises its own putIfAbsent when the first answer was lost after S3 applied it', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket);
    bucket.injections.push({ command: PutObjectCommand, error: connectionReset(), afterApplying: true });
    await store.putIfAbsent('_delta_log/7.json', bytes('commit 7'));
    expect(bucket.calls).toEqual(['PutObjectCommand', 'PutObjectCommand', 'GetObjectCommand']);
  });

  it('still reports AlreadyExistsError after a lost answer when another writer holds the key', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket);
    bucket.injections.push({ command: PutObjectCommand, error: connectionReset() });
    bucket.objects.set('bronze/_delta_log/7.json', bytes('someone else'));
    await expect(store.putIfAbsent('_delta_log/7.json', bytes('commit 7'))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(bucket.objects.get('bronze/_delta_log/7.json')).toEqual(bytes('someone else'));
  });

  it('gives up after maxAttempts with a StorageError naming the URI and the last S3 error', async () => {
    const bucket = new FakeBucket();
    const { store } = storeOn(bucket, 3);
    for (let i = 0; i < 3; i++) bucket.injections.push({ command: GetObjectCommand, error: s3Error('InternalError', 500) });
    bucket.objects.set('bronze/a', bytes('a'));
    const error = await store.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe('get s3://lake/bronze/a: InternalError 500: InternalError from fake (gave up after 3 attempts)');
    expect((error as Error).cause).toMatchObject({ name: 'InternalError' });
    expect(bucket.calls).toHaveLength(3);
  });

  it('lists every page, strips the root prefix, sorts, and retries a failed page only', async () => {
    const bucket = new FakeBucket();
    for (const key of ['e', 'a/2', 'a/1', 'c', 'b', 'a/3']) bucket.objects.set(`bronze/${key}`, bytes(key));
    bucket.objects.set('other/x', bytes('x'));
    bucket.objects.set('bronze/folder/', new Uint8Array(0));
    bucket.injections.push({ command: ListObjectsV2Command, error: connectionReset() });
    const { store } = storeOn(bucket);
    const listed = await store.list('');
    expect(listed.map((o) => o.key)).toEqual(['a/1', 'a/2', 'a/3', 'b', 'c', 'e']);
    expect(bucket.calls.filter((c) => c === 'ListObjectsV2Command')).toHaveLength(5);
  });
});
