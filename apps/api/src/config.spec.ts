import { ConfigError } from '@music/config';
import { loadConfig } from './config';

describe('api config', () => {
  it('reads the lake and the metrics settings, with defaults', () => {
    const config = loadConfig({ LAKE_URI: 's3://lake/prod', S3_ENDPOINT: 'http://127.0.0.1:19000', GOLD_REFRESH_INTERVAL_MS: '0' });
    expect(config).toMatchObject({ LAKE_URI: 's3://lake/prod', S3_ENDPOINT: 'http://127.0.0.1:19000', GOLD_REFRESH_INTERVAL_MS: 0, METRICS_CACHE_ENTRIES: 500 });
    expect(loadConfig({})).toMatchObject({ LAKE_URI: 'file://./.run/lake', GOLD_REFRESH_INTERVAL_MS: 1000 });
  });

  it('names the variable and value at fault', () => {
    expect(() => loadConfig({ LAKE_URI: 'ftp://x', GOLD_REFRESH_INTERVAL_MS: '-5' })).toThrow(ConfigError);
    expect(() => loadConfig({ GOLD_REFRESH_INTERVAL_MS: '-5' })).toThrow(/GOLD_REFRESH_INTERVAL_MS.*"-5".*expected a number >= 0/s);
    expect(() => loadConfig({ LAKE_URI: 'ftp://x' })).toThrow(/LAKE_URI.*"ftp:\/\/x".*expected a file:\/\/, s3:\/\/ or hdfs:\/\/ URI/s);
  });
});
