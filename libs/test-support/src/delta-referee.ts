import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { pythonVenv } from './python-venv';
import { runProcess } from './run-process';

/** Column types the referee can write, by their Delta names. */
export type RefereeColumnType = 'string' | 'long' | 'integer' | 'short' | 'byte' | 'double' | 'float' | 'boolean' | 'timestamp' | 'date';

const snapshotSchema = z.object({
  version: z.number(),
  schema: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })),
  partition_columns: z.array(z.string()),
  /** The table properties (metaData.configuration). */
  configuration: z.record(z.string(), z.string()),
  files: z.array(z.string()),
  row_count: z.number(),
  protocol: z.object({ min_reader_version: z.number(), min_writer_version: z.number() }),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  /** The live files as delta-rs sees them: path, size, record count, statistics, typed partition values. */
  add_actions: z
    .array(
      z.object({
        path: z.string(),
        size_bytes: z.number(),
        num_records: z.number().nullable(),
        partition: z.record(z.string(), z.unknown()).nullable().optional(),
        /** The file's statistics as delta-rs parsed them from `add.stats`, by column (JSON values). */
        null_count: z.record(z.string(), z.unknown()).nullable().optional(),
        min: z.record(z.string(), z.unknown()).nullable().optional(),
        max: z.record(z.string(), z.unknown()).nullable().optional(),
      }),
    )
    .optional(),
});
export type RefereeSnapshot = z.infer<typeof snapshotSchema>;

export interface DeltaReferee {
  /** The table as delta-rs reads it (with rows when asked). */
  read(uri: string, options?: { version?: number; rows?: boolean; storageOptions?: Record<string, string> }): Promise<RefereeSnapshot>;
  /** Every version from `first` (default 0) to the latest, as delta-rs reads each, in one call. */
  readVersions(uri: string, options?: { first?: number; rows?: boolean; storageOptions?: Record<string, string> }): Promise<RefereeSnapshot[]>;
  /** Writes rows with delta-rs `write_deltalake`. Timestamps as ISO strings, dates as YYYY-MM-DD. */
  write(
    uri: string,
    rows: readonly Record<string, unknown>[],
    options: {
      schema: [string, RefereeColumnType][];
      partitionBy?: string[];
      mode?: 'append' | 'overwrite';
      /** With mode overwrite: replace only the rows matching this SQL predicate (delta-rs replaceWhere). */
      predicate?: string;
      /** `merge`: add the new columns of the rows to the table schema. */
      schemaMode?: 'merge';
      /** Table properties, on creation. */
      configuration?: Record<string, string>;
      storageOptions?: Record<string, string>;
    },
  ): Promise<{ version: number; rows: number }>;
  history(uri: string, options?: { storageOptions?: Record<string, string> }): Promise<Record<string, unknown>[]>;
  /** `DeltaTable.create_checkpoint()` at the latest version. */
  checkpoint(uri: string, options?: { storageOptions?: Record<string, string> }): Promise<{ version: number }>;
  /** `optimize.compact()`; returns the new version and delta-rs' metrics. */
  optimize(uri: string, options?: { targetSize?: number; storageOptions?: Record<string, string> }): Promise<{ version: number; metrics: Record<string, unknown> }>;
  /** ALTER TABLE SET TBLPROPERTIES with delta-rs (`DeltaTable.alter.set_table_properties`). */
  setProperties(uri: string, properties: Record<string, string>, options?: { storageOptions?: Record<string, string> }): Promise<{ version: number }>;
  /** `DeltaTable.delete(predicate)` with a SQL predicate. */
  delete(uri: string, predicate: string, options?: { storageOptions?: Record<string, string> }): Promise<{ version: number; metrics: Record<string, unknown> }>;
  /**
   * `DeltaTable.vacuum`; returns the files deleted (or that would be, in a dry run). `full` lists the
   * storage (orphans too); otherwise delta-rs only looks at the log's expired tombstones.
   */
  vacuum(
    uri: string,
    options: { retentionHours: number; enforceRetention?: boolean; dryRun?: boolean; full?: boolean; storageOptions?: Record<string, string> },
  ): Promise<{ files: string[] }>;
  /**
   * Creates the table with `rows` (untimed), then appends them `batches` more times with
   * `write_deltalake`, timing each call inside Python: seconds per append, no interpreter start-up.
   */
  benchWrite(
    uri: string,
    rows: readonly Record<string, unknown>[],
    options: { schema: [string, RefereeColumnType][]; partitionBy?: string[]; batches: number; storageOptions?: Record<string, string> },
  ): Promise<{ rows: number; seconds: number[] }>;
  /**
   * As benchWrite, but each timed append starts from the rows as JSON lines: pyarrow's JSON reader
   * (explicit schema) builds the Arrow table, then `write_deltalake` writes it.
   */
  benchWriteJson(
    uri: string,
    rows: readonly Record<string, unknown>[],
    options: { schema: [string, RefereeColumnType][]; partitionBy?: string[]; batches: number; storageOptions?: Record<string, string> },
  ): Promise<{ rows: number; seconds: number[] }>;
  /** Times `DeltaTable(uri)` (loading the latest snapshot) `runs` times inside Python. */
  benchOpen(uri: string, options: { runs: number; storageOptions?: Record<string, string> }): Promise<{ version: number; seconds: number[] }>;
}

const REFEREE_DIR = join(__dirname, '..', 'referee');

const metricsResult = z.object({ version: z.number(), metrics: z.record(z.string(), z.unknown()) });

/** Runs `work` with the rows written to a temporary NDJSON file (the referee's input format). */
async function withRowsFile<T>(rows: readonly Record<string, unknown>[], work: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'referee-'));
  const data = join(dir, 'rows.ndjson');
  writeFileSync(data, rows.map((r) => JSON.stringify(r, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))).join('\n'));
  try {
    return await work(data);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A Python venv under `<cacheDir>/delta-referee-<digest>` with the pinned `deltalake` (delta-rs),
 * created on first use (pip's own cache makes later creations fast). Test tool only.
 */
export async function deltaReferee(options: { cacheDir: string; env: NodeJS.ProcessEnv }): Promise<DeltaReferee> {
  const requirements = join(REFEREE_DIR, 'requirements.txt');
  const digest = createHash('sha256').update(readFileSync(requirements)).digest('hex').slice(0, 12);
  const python = await pythonVenv(join(options.cacheDir, `delta-referee-${digest}`), requirements, options.env, 'the delta-rs referee');

  const call = async (args: string[]): Promise<unknown> => {
    const result = await runProcess(python, [join(REFEREE_DIR, 'delta_referee.py'), ...args], options.env);
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new Error(`delta-rs referee ${args[0]} printed no JSON (exit ${result.code}): ${result.stderr.slice(-2000)}`);
    }
    if (result.code !== 0) {
      const reason = (parsed as { error?: string }).error ?? result.stderr.slice(-2000);
      throw new Error(`delta-rs referee ${args.slice(0, 2).join(' ')} failed: ${reason}`);
    }
    return parsed;
  };
  const storage = (o?: { storageOptions?: Record<string, string> }) => (o?.storageOptions ? ['--storage-options', JSON.stringify(o.storageOptions)] : []);
  // bench-write and bench-write-json take the same arguments; only what the referee times differs.
  const benchWriteWith = (command: 'bench-write' | 'bench-write-json', uri: string, rows: readonly Record<string, unknown>[], o: Parameters<DeltaReferee['benchWrite']>[2]) =>
    withRowsFile(rows, async (data) => {
      const args = [
        command,
        uri,
        '--data',
        data,
        '--schema',
        JSON.stringify(o.schema),
        '--batches',
        String(o.batches),
        ...(o.partitionBy ? ['--partition-by', o.partitionBy.join(',')] : []),
        ...storage(o),
      ];
      return z.object({ rows: z.number(), seconds: z.array(z.number()) }).parse(await call(args));
    });

  return {
    async read(uri, o) {
      const args = ['read', uri, ...(o?.version === undefined ? [] : ['--version', String(o.version)]), ...(o?.rows ? ['--rows'] : []), ...storage(o)];
      return snapshotSchema.parse(await call(args));
    },
    async readVersions(uri, o) {
      const args = ['read-versions', uri, ...(o?.first === undefined ? [] : ['--first', String(o.first)]), ...(o?.rows ? ['--rows'] : []), ...storage(o)];
      return z.array(snapshotSchema).parse(await call(args));
    },
    async write(uri, rows, o) {
      return withRowsFile(rows, async (data) => {
        const args = [
          'write',
          uri,
          '--data',
          data,
          '--schema',
          JSON.stringify(o.schema),
          '--mode',
          o.mode ?? 'append',
          ...(o.partitionBy ? ['--partition-by', o.partitionBy.join(',')] : []),
          ...(o.predicate ? ['--predicate', o.predicate] : []),
          ...(o.schemaMode ? ['--schema-mode', o.schemaMode] : []),
          ...(o.configuration ? ['--configuration', JSON.stringify(o.configuration)] : []),
          ...storage(o),
        ];
        return z.object({ version: z.number(), rows: z.number() }).parse(await call(args));
      });
    },
    async history(uri, o) {
      return z.array(z.record(z.string(), z.unknown())).parse(await call(['history', uri, ...storage(o)]));
    },
    async checkpoint(uri, o) {
      return z.object({ version: z.number() }).parse(await call(['checkpoint', uri, ...storage(o)]));
    },
    async optimize(uri, o) {
      const args = ['optimize', uri, ...(o?.targetSize === undefined ? [] : ['--target-size', String(o.targetSize)]), ...storage(o)];
      return metricsResult.parse(await call(args));
    },
    async delete(uri, predicate, o) {
      return metricsResult.parse(await call(['delete', uri, '--predicate', predicate, ...storage(o)]));
    },
    async setProperties(uri, properties, o) {
      return z.object({ version: z.number() }).parse(await call(['set-properties', uri, '--properties', JSON.stringify(properties), ...storage(o)]));
    },
    async vacuum(uri, o) {
      const args = [
        'vacuum',
        uri,
        '--retention-hours',
        String(o.retentionHours),
        ...(o.enforceRetention === false ? ['--no-enforce'] : []),
        ...(o.dryRun ? ['--dry-run'] : []),
        ...(o.full ? ['--full'] : []),
        ...storage(o),
      ];
      return z.object({ files: z.array(z.string()) }).parse(await call(args));
    },
    benchWrite: (uri, rows, o) => benchWriteWith('bench-write', uri, rows, o),
    benchWriteJson: (uri, rows, o) => benchWriteWith('bench-write-json', uri, rows, o),
    async benchOpen(uri, o) {
      const args = ['bench-open', uri, '--runs', String(o.runs), ...storage(o)];
      return z.object({ version: z.number(), seconds: z.array(z.number()) }).parse(await call(args));
    },
  };
}
