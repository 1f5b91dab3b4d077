import type { TableConfiguration } from './protocol-support';

/**
 * `delta.*` table properties this library reads, and the ones it accepts when creating a table.
 * Any other `delta.*` key would switch on a feature (deletion vectors, column mapping, change data
 * feed, …) that the table's protocol 1/2 cannot carry, so create() refuses it.
 */

export const DEFAULT_CHECKPOINT_INTERVAL = 10;
const DEFAULT_INDEXED_COLUMNS = 32;
const DEFAULT_DELETED_FILE_RETENTION_MS = 7 * 24 * 3600 * 1000;

export const CREATABLE_DELTA_PROPERTIES = new Set([
  'delta.appendOnly',
  'delta.checkpointInterval',
  'delta.checkpoint.writeStatsAsJson',
  'delta.dataSkippingNumIndexedCols',
  'delta.deletedFileRetentionDuration',
  'delta.logRetentionDuration',
  'delta.parquet.compression.codec',
]);

export class TablePropertyError extends Error {
  constructor(key: string, value: string, expected: string) {
    super(`table property ${key}=${JSON.stringify(value)}: ${expected}`);
    this.name = 'TablePropertyError';
  }
}

const INTERVAL_UNITS_MS: Record<string, number> = {
  microsecond: 0.001,
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** Spark interval text such as `interval 1 weeks` or `interval 30 days` → milliseconds. */
export function parseIntervalMillis(text: string): number | undefined {
  const match = /^\s*(?:interval\s+)?(\d+)\s+([a-z]+?)s?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = INTERVAL_UNITS_MS[(match[2] as string).toLowerCase()];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

function positiveInteger(configuration: TableConfiguration, key: string): number | undefined {
  const raw = configuration[key];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new TablePropertyError(key, raw, 'expected a positive integer');
  return value;
}

export function checkpointInterval(configuration: TableConfiguration, fallback: number = DEFAULT_CHECKPOINT_INTERVAL): number {
  return positiveInteger(configuration, 'delta.checkpointInterval') ?? fallback;
}

/** Number of leading data columns that get min/max/nullCount statistics (-1: all). */
export function indexedColumnCount(configuration: TableConfiguration): number {
  const raw = configuration['delta.dataSkippingNumIndexedCols'];
  if (raw === undefined) return DEFAULT_INDEXED_COLUMNS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < -1) throw new TablePropertyError('delta.dataSkippingNumIndexedCols', raw, 'expected an integer ≥ -1');
  return value === -1 ? Number.POSITIVE_INFINITY : value;
}

/** `delta.appendOnly=true`: no data may be removed (overwrite, DELETE); compaction is allowed. */
export function isAppendOnly(configuration: TableConfiguration): boolean {
  return configuration['delta.appendOnly']?.toLowerCase() === 'true';
}

export function deletedFileRetentionMillis(configuration: TableConfiguration): number {
  const raw = configuration['delta.deletedFileRetentionDuration'];
  if (raw === undefined) return DEFAULT_DELETED_FILE_RETENTION_MS;
  const value = parseIntervalMillis(raw);
  if (value === undefined) throw new TablePropertyError('delta.deletedFileRetentionDuration', raw, 'expected an interval such as "interval 7 days"');
  return value;
}

const CODECS: Record<string, string> = {
  uncompressed: 'uncompressed',
  none: 'uncompressed',
  snappy: 'snappy',
  gzip: 'gzip',
  lz4_raw: 'lz4_raw',
  zstd: 'zstd',
};

/** Parquet codec for new data files: `delta.parquet.compression.codec`, zstd when absent (PROTOCOL.md). */
export function parquetCodec(configuration: TableConfiguration): string {
  const raw = configuration['delta.parquet.compression.codec'];
  if (raw === undefined) return 'zstd';
  const codec = CODECS[raw.toLowerCase()];
  if (!codec) throw new TablePropertyError('delta.parquet.compression.codec', raw, `expected one of ${Object.keys(CODECS).join(', ')}`);
  return codec;
}

/** Checks properties given to create(): known `delta.*` keys with valid values, anything else free. */
export function validateCreateProperties(properties: TableConfiguration): void {
  for (const [key, value] of Object.entries(properties)) {
    if (key.toLowerCase().startsWith('delta.') && !CREATABLE_DELTA_PROPERTIES.has(key)) {
      throw new TablePropertyError(key, value, `not supported by @music/delta (allowed delta.* keys: ${[...CREATABLE_DELTA_PROPERTIES].join(', ')})`);
    }
  }
  if (properties['delta.checkpoint.writeStatsAsJson'] !== undefined && properties['delta.checkpoint.writeStatsAsJson'] !== 'true') {
    throw new TablePropertyError('delta.checkpoint.writeStatsAsJson', properties['delta.checkpoint.writeStatsAsJson'], 'only "true" is supported');
  }
  if (properties['delta.appendOnly'] !== undefined && !['true', 'false'].includes(properties['delta.appendOnly'])) {
    throw new TablePropertyError('delta.appendOnly', properties['delta.appendOnly'], 'expected "true" or "false"');
  }
  checkpointInterval(properties);
  indexedColumnCount(properties);
  deletedFileRetentionMillis(properties);
  parquetCodec(properties);
  for (const key of ['delta.logRetentionDuration'] as const) {
    const raw = properties[key];
    if (raw !== undefined && parseIntervalMillis(raw) === undefined) throw new TablePropertyError(key, raw, 'expected an interval such as "interval 30 days"');
  }
}
