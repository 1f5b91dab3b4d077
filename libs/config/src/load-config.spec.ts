import { z } from 'zod';
import { ConfigError } from './config-error';
import { booleanFlag, hostPortList, logLevel, port } from './env-fields';
import { defineConfig } from './load-config';

const loadConfig = defineConfig(
  'test-app',
  z.object({
    KAFKA_BROKERS: hostPortList('127.0.0.1:19092'),
    API_PORT: port(3000),
    LOG_LEVEL: logLevel,
    S3_SECRET_KEY: z.string().min(8, 'expected at least 8 characters').optional(),
    DRY_RUN: booleanFlag(false),
  }),
);

describe('defineConfig', () => {
  it('applies defaults when variables are unset or empty', () => {
    expect(loadConfig({ API_PORT: '' })).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      API_PORT: 3000,
      LOG_LEVEL: 'info',
      S3_SECRET_KEY: undefined,
      DRY_RUN: false,
    });
  });

  it('parses and coerces provided values', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'a:1, b:2', API_PORT: '8080', LOG_LEVEL: 'debug', DRY_RUN: 'yes' });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.API_PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.DRY_RUN).toBe(true);
  });

  it('ignores variables the schema does not name', () => {
    expect(loadConfig({ UNRELATED: 'x' })).not.toHaveProperty('UNRELATED');
  });

  it('names every bad variable and its value in one error', () => {
    let caught: unknown;
    try {
      loadConfig({ API_PORT: '70000', KAFKA_BROKERS: 'not a broker', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['API_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL']);
    expect(error.message).toContain('Invalid configuration for test-app');
    expect(error.message).toContain('API_PORT="70000": expected a port between 1 and 65535');
    expect(error.message).toContain('KAFKA_BROKERS="not a broker": expected a comma-separated list of host:port');
    expect(error.message).toContain('LOG_LEVEL="loud"');
  });

  it('never prints secret values', () => {
    expect(() => loadConfig({ S3_SECRET_KEY: 'short' })).toThrow('S3_SECRET_KEY=(redacted)');
    expect(() => loadConfig({ S3_SECRET_KEY: 'short' })).not.toThrow(/short"/);
  });

  it('truncates very long values in messages', () => {
    const error = (() => {
      try {
        loadConfig({ API_PORT: 'x'.repeat(500) });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.issues[0]?.received.length).toBeLessThan(100);
  });
});
