import type { StructField } from './delta-schema';
import type { TableConfiguration } from './protocol-support';

/**
 * `delta.*` table properties this library reads, and the ones it accepts when creating a table.
 * Any other `delta.*` key would switch on a feature (deletion vectors, column mapping, change data
 * feed, …) that the table's protocol 1/2 cannot carry, so create() refuses it.
 */

export const DEFAULT_CHECKPOINT_INTERVAL = 10;
const DEFAULT_INDEXED_COLUMNS = 32;
const DAY_MS = 86_400_000;
const DEFAULT_DELETED_FILE_RETENTION_DAYS = 7;
const DEFAULT_LOG_RETENTION_DAYS = 30;

export const CREATABLE_DELTA_PROPERTIES = new Set([
  'delta.appendOnly',
  'delta.checkpointInterval',
  'delta.checkpoint.writeStatsAsJson',
  'delta.dataSkippingNumIndexedCols',
  'delta.dataSkippingStatsColumns',
  'delta.deletedFileRetentionDuration',
  'delta.enableExpiredLogCleanup',
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

const STATS_COLUMNS_KEY = 'delta.dataSkippingStatsColumns';

/**
 * `delta.dataSkippingStatsColumns`: the comma-separated names of the columns that get statistics
 * (a name in backticks may hold any character, a doubled backtick is one backtick); undefined when
 * unset. Only top-level columns are supported: an unquoted dot (a nested field) is refused.
 */
export function statsColumnNames(configuration: TableConfiguration): string[] | undefined {
  const raw = configuration[STATS_COLUMNS_KEY];
  if (raw === undefined) return undefined;
  const names: string[] = [];
  let index = 0;
  const fail = (expected: string): never => {
    throw new TablePropertyError(STATS_COLUMNS_KEY, raw, expected);
  };
  while (index <= raw.length) {
    while (raw[index] === ' ') index++;
    let name = '';
    if (raw[index] === '`') {
      index++;
      for (;;) {
        if (index >= raw.length) fail('unterminated backtick');
        if (raw[index] === '`') {
          if (raw[index + 1] !== '`') break;
          index++;
        }
        name += raw[index];
        index++;
      }
      index++;
      while (raw[index] === ' ') index++;
    } else {
      const end = raw.indexOf(',', index);
      name = raw.slice(index, end === -1 ? raw.length : end).trim();
      index = end === -1 ? raw.length : end;
      if (name.includes('.')) fail(`nested column ${name} is not supported (top-level columns only)`);
      if (name.includes('`')) fail(`misplaced backtick in ${name}`);
    }
    if (name === '') fail('expected comma-separated column names');
    names.push(name);
    if (index >= raw.length) break;
    if (raw[index] !== ',') fail(`expected a comma after ${name}`);
    index++;
  }
  return names;
}

/** Why `delta.dataSkippingStatsColumns` cannot name these columns of a table, or undefined when it can. */
export function statsColumnsIssue(configuration: TableConfiguration, fields: readonly StructField[], partitionColumns: readonly string[]): string | undefined {
  for (const column of statsColumnNames(configuration) ?? []) {
    const field = fields.find((candidate) => candidate.name.toLowerCase() === column.toLowerCase());
    if (!field) return `delta.dataSkippingStatsColumns names ${column}, which is not a top-level column`;
    if (partitionColumns.includes(field.name)) return `delta.dataSkippingStatsColumns names the partition column ${column}`;
  }
  return undefined;
}

/**
 * The data fields whose statistics are written: the ones named by `delta.dataSkippingStatsColumns`
 * when it is set (it wins over the count, as in Delta Spark and delta-rs; names match
 * case-insensitively), else the first `delta.dataSkippingNumIndexedCols` data fields. A column
 * left out gets no statistics at all, so its values never reach the log.
 */
export function statsFields(configuration: TableConfiguration, dataFields: readonly StructField[]): StructField[] {
  const names = statsColumnNames(configuration);
  if (names === undefined) return dataFields.slice(0, Math.min(dataFields.length, indexedColumnCount(configuration)));
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return dataFields.filter((field) => wanted.has(field.name.toLowerCase()));
}

/** `delta.appendOnly=true`: no data may be removed (overwrite, DELETE); compaction is allowed. */
export function isAppendOnly(configuration: TableConfiguration): boolean {
  return configuration['delta.appendOnly']?.toLowerCase() === 'true';
}

/** An interval property (`interval 7 days`) in milliseconds, `fallbackDays` when unset. */
function intervalMillis(configuration: TableConfiguration, key: string, fallbackDays: number): number {
  const raw = configuration[key];
  if (raw === undefined) return fallbackDays * DAY_MS;
  const value = parseIntervalMillis(raw);
  if (value === undefined) throw new TablePropertyError(key, raw, `expected an interval such as "interval ${fallbackDays} days"`);
  return value;
}

export function deletedFileRetentionMillis(configuration: TableConfiguration): number {
  return intervalMillis(configuration, 'delta.deletedFileRetentionDuration', DEFAULT_DELETED_FILE_RETENTION_DAYS);
}

/** `delta.logRetentionDuration`: how long log files (and so time travel) are kept; 30 days when unset. */
export function logRetentionMillis(configuration: TableConfiguration): number {
  return intervalMillis(configuration, 'delta.logRetentionDuration', DEFAULT_LOG_RETENTION_DAYS);
}

/** `delta.enableExpiredLogCleanup` (default true): whether log files past the retention may be deleted. */
export function expiredLogCleanupEnabled(configuration: TableConfiguration): boolean {
  return configuration['delta.enableExpiredLogCleanup']?.toLowerCase() !== 'false';
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
  for (const key of ['delta.appendOnly', 'delta.enableExpiredLogCleanup'] as const) {
    const raw = properties[key];
    if (raw !== undefined && !['true', 'false'].includes(raw)) throw new TablePropertyError(key, raw, 'expected "true" or "false"');
  }
  checkpointInterval(properties);
  indexedColumnCount(properties);
  statsColumnNames(properties);
  deletedFileRetentionMillis(properties);
  parquetCodec(properties);
  logRetentionMillis(properties);
}
