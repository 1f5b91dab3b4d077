import { lakeStorageOptions, resolveLakeUri, tableUri, type LakeSettings } from './lake-settings';

const base: LakeSettings = { LAKE_URI: 'file://./.run/lake', S3_REGION: 'us-east-1', HDFS_USER: 'music' };

describe('lake settings', () => {
  it('resolves relative file URIs against the working directory', () => {
    expect(resolveLakeUri('file://./.run/lake', '/srv/app')).toBe('file:///srv/app/.run/lake');
    expect(resolveLakeUri('file://data', '/srv/app')).toBe('file:///srv/app/data');
    expect(resolveLakeUri('file:///abs/lake/', '/srv/app')).toBe('file:///abs/lake');
    expect(resolveLakeUri('s3://lake/prod/', '/srv/app')).toBe('s3://lake/prod');
  });

  it('joins table paths', () => {
    expect(tableUri('s3://lake/prod/', 'bronze', 'listening_events')).toBe('s3://lake/prod/bronze/listening_events');
  });

  it('builds the options of each scheme and names what is missing', () => {
    expect(lakeStorageOptions(base)).toEqual({});
    expect(() => lakeStorageOptions({ ...base, LAKE_URI: 's3://lake/x' })).toThrow('needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    expect(
      lakeStorageOptions({ ...base, LAKE_URI: 's3://lake/x', S3_ENDPOINT: 'http://127.0.0.1:19000', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' }),
    ).toEqual({ s3: { endpoint: 'http://127.0.0.1:19000', region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
    expect(() => lakeStorageOptions({ ...base, LAKE_URI: 'hdfs://127.0.0.1:19820/lake' })).toThrow('needs WEBHDFS_URL');
    expect(lakeStorageOptions({ ...base, LAKE_URI: 'hdfs://127.0.0.1:19820/lake', WEBHDFS_URL: 'http://127.0.0.1:19870' })).toEqual({
      hdfs: { webhdfsUrl: 'http://127.0.0.1:19870', user: 'music' },
    });
  });
});
