export { ConfigError, type ConfigIssue } from './config-error';
export { CONFIG_REFERENCE_FLAG, configReference, describeConfig, renderConfigReference, type ConfigVariable } from './config-reference';
export { defineConfig, type Env } from './load-config';
export { booleanFlag, hostPortList, httpUrl, logLevel, port, positiveInt } from './env-fields';
