import { LocalFileStore } from './local-file-store';
import { openObjectStore } from './open-object-store';
import { S3Store } from './s3-store';
import { StorageError } from './storage-errors';
import { parseStoreUri } from './store-uri';
import { WebHdfsStore } from './webhdfs-store';

const s3 = { endpoint: 'http://127.0.0.1:19000', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const hdfs = { webhdfsUrl: 'http://127.0.0.1:19870', user: 'music' };

function failure(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

describe('parseStoreUri', () => {
  it.each([
    ['file:///data/lake/', { scheme: 'file', uri: 'file:///data/lake', directory: '/data/lake' }],
    ['file:///', { scheme: 'file', uri: 'file:///', directory: '/' }],
    ['s3://lake', { scheme: 's3', uri: 's3://lake', bucket: 'lake', keyPrefix: '' }],
    ['s3://lake/bronze/events/', { scheme: 's3', uri: 's3://lake/bronze/events', bucket: 'lake', keyPrefix: 'bronze/events/' }],
    ['hdfs://127.0.0.1:19820/lake/bronze', { scheme: 'hdfs', uri: 'hdfs://127.0.0.1:19820/lake/bronze', authority: '127.0.0.1:19820', path: '/lake/bronze' }],
    ['HDFS://namenode:8020/', { scheme: 'hdfs', uri: 'hdfs://namenode:8020', authority: 'namenode:8020', path: '/' }],
  ])('parses %s', (uri, expected) => {
    expect(parseStoreUri(uri)).toEqual(expected);
  });

  it.each([
    ['/data/lake', /not a URI: expected one of file:\/\/, s3:\/\/, hdfs:\/\//],
    ['data/lake', /not a URI/],
    ['gs://bucket/x', /unsupported scheme "gs:", expected one of file:\/\/, s3:\/\/, hdfs:\/\//],
    ['file://server/share', /not host "server"/],
    ['s3://Bad_Bucket/x', /"bad_bucket" is not a valid S3 bucket name|"Bad_Bucket" is not a valid S3 bucket name/],
    ['s3://lake:9000/x', /the endpoint goes in options\.s3\.endpoint/],
    ['s3://lake/a//b', /empty, "\." or "\.\." segment/],
    ['hdfs:///lake', /needs the NameNode address/],
    ['hdfs://nn:8020/lake?x=1', /query or a fragment/],
    ['s3://', /malformed URI|not a valid S3 bucket name/],
  ])('rejects %s with a StorageError naming it', (uri, message) => {
    const error = failure(() => parseStoreUri(uri));
    expect(error).toMatchObject({ operation: 'open', uri });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`open ${uri}: `)).toBe(true);
  });
});

describe('openObjectStore', () => {
  it('dispatches on the scheme', () => {
    expect(openObjectStore('file:///tmp/lake')).toBeInstanceOf(LocalFileStore);
    expect(openObjectStore('s3://lake/bronze', { s3 })).toBeInstanceOf(S3Store);
    expect(openObjectStore('hdfs://127.0.0.1:19820/lake', { hdfs })).toBeInstanceOf(WebHdfsStore);
    expect(openObjectStore('s3://lake/bronze/', { s3 }).uri).toBe('s3://lake/bronze');
  });

  it('says which options a remote scheme is missing', () => {
    expect(failure(() => openObjectStore('s3://lake/bronze')).message).toBe('open s3://lake/bronze: an s3:// store needs options.s3 (endpoint, region, credentials)');
    expect(failure(() => openObjectStore('hdfs://nn:8020/lake')).message).toBe('open hdfs://nn:8020/lake: an hdfs:// store needs options.hdfs (webhdfsUrl, user)');
  });

  it('names the invalid option', () => {
    const error = failure(() => openObjectStore('hdfs://nn:8020/lake', { hdfs: { webhdfsUrl: 'not a url', user: 'music' } }));
    expect(error.message).toMatch(/^open hdfs:\/\/nn:8020\/lake: invalid storage options: options\.hdfs\.webhdfsUrl: /);
    const retry = failure(() => openObjectStore('file:///tmp/x', { retry: { maxAttempts: 0 } }));
    expect(retry.message).toMatch(/options\.retry\.maxAttempts/);
  });
});
