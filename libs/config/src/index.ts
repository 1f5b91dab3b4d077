export { ConfigError, type ConfigIssue } from './config-error';
export { defineConfig, type Env } from './load-config';
export { booleanFlag, hostPortList, httpUrl, logLevel, port, positiveInt } from './env-fields';
