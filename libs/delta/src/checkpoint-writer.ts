import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeAction, type DeltaAction } from './actions';
import { assertWritable } from './protocol-support';
import { readLastCheckpoint, writeLastCheckpoint } from './last-checkpoint';
import { classicCheckpointKey } from './log-listing';
import { withScratchDirectory } from './scratch-directory';
import type { LoadedSnapshot } from './snapshot';
import { sqlString } from './sql-literals';
import type { TableContext } from './table-context';
import { deletedFileRetentionMillis } from './table-properties';

/**
 * Classic single-part V1 checkpoint (PROTOCOL.md "Checkpoints", "Checkpoint Schema"): one row per
 * action with the struct columns txn, add, remove, metaData, protocol (and domainMetadata when
 * the table has some), the shape Spark and delta-rs write and read. Tombstones older than
 * `delta.deletedFileRetentionDuration` (default one week) are dropped; commitInfo and cdc are not
 * kept. Written with DuckDB from the actions as JSON, then `_last_checkpoint` is updated.
 */

const STRING_MAP = 'MAP(VARCHAR, VARCHAR)';

/** DuckDB from_json structures of each action column, in column order. */
const COLUMN_STRUCTURES: [column: string, structure: unknown][] = [
  ['txn', { appId: 'VARCHAR', version: 'BIGINT', lastUpdated: 'BIGINT' }],
  [
    'add',
    {
      path: 'VARCHAR',
      partitionValues: STRING_MAP,
      size: 'BIGINT',
      modificationTime: 'BIGINT',
      dataChange: 'BOOLEAN',
      tags: STRING_MAP,
      stats: 'VARCHAR',
    },
  ],
  [
    'remove',
    {
      path: 'VARCHAR',
      deletionTimestamp: 'BIGINT',
      dataChange: 'BOOLEAN',
      extendedFileMetadata: 'BOOLEAN',
      partitionValues: STRING_MAP,
      size: 'BIGINT',
    },
  ],
  [
    'metaData',
    {
      id: 'VARCHAR',
      name: 'VARCHAR',
      description: 'VARCHAR',
      format: { provider: 'VARCHAR', options: STRING_MAP },
      schemaString: 'VARCHAR',
      partitionColumns: ['VARCHAR'],
      configuration: STRING_MAP,
      createdTime: 'BIGINT',
    },
  ],
  ['protocol', { minReaderVersion: 'INTEGER', minWriterVersion: 'INTEGER' }],
];
const DOMAIN_METADATA_STRUCTURE: [string, unknown] = ['domainMetadata', { domain: 'VARCHAR', configuration: 'VARCHAR', removed: 'BOOLEAN' }];

export interface CheckpointWritten {
  version: number;
  key: string;
  /** Rows (actions) in the checkpoint. */
  actions: number;
  addFiles: number;
  sizeInBytes: number;
}

function checkpointActions(loaded: LoadedSnapshot, now: number = Date.now()): DeltaAction[] {
  const { replay, snapshot } = loaded;
  const retention = deletedFileRetentionMillis(snapshot.configuration);
  const actions: DeltaAction[] = [
    { kind: 'protocol', value: snapshot.protocol },
    { kind: 'metaData', value: snapshot.metadata },
  ];
  for (const txn of replay.txns.values()) actions.push({ kind: 'txn', value: txn });
  for (const domain of replay.domains.values()) actions.push({ kind: 'domainMetadata', value: domain });
  for (const add of replay.files.values()) {
    actions.push({
      kind: 'add',
      value: {
        path: add.path,
        partitionValues: add.partitionValues,
        size: add.size,
        modificationTime: add.modificationTime,
        dataChange: false,
        stats: add.stats,
        tags: add.tags,
      },
    });
  }
  for (const remove of replay.tombstones.values()) {
    if ((remove.deletionTimestamp ?? 0) <= now - retention) continue;
    actions.push({
      kind: 'remove',
      value: {
        path: remove.path,
        deletionTimestamp: remove.deletionTimestamp,
        dataChange: false,
        extendedFileMetadata: remove.extendedFileMetadata,
        partitionValues: remove.partitionValues,
        size: remove.size,
      },
    });
  }
  return actions;
}

export async function writeCheckpoint(context: TableContext, loaded: LoadedSnapshot): Promise<CheckpointWritten> {
  const { snapshot } = loaded;
  assertWritable(context.uri, snapshot.protocol, snapshot.configuration, snapshot.schema);
  const actions = checkpointActions(loaded);
  const structures = loaded.replay.domains.size > 0 ? [...COLUMN_STRUCTURES, DOMAIN_METADATA_STRUCTURE] : COLUMN_STRUCTURES;
  return withScratchDirectory('checkpoint', async (workDirectory) => {
    const jsonFile = join(workDirectory, 'actions.ndjson');
    const parquetFile = join(workDirectory, 'checkpoint.parquet');
    await writeFile(jsonFile, actions.map((action) => `${serializeAction(action)}\n`).join(''));
    const columns = structures.map(
      ([column, structure]) => `from_json(json -> ${sqlString(column)}, ${sqlString(JSON.stringify(structure))}) AS "${column}"`,
    );
    await context.duckdb.run(
      `COPY (SELECT ${columns.join(', ')} FROM read_ndjson_objects(${sqlString(jsonFile)})) ` +
        `TO ${sqlString(parquetFile)} (FORMAT parquet, COMPRESSION snappy)`,
    );
    const body = await readFile(parquetFile);
    const key = classicCheckpointKey(snapshot.version);
    await context.store.put(key, body);
    const addFiles = actions.filter((action) => action.kind === 'add').length;
    const existing = await readLastCheckpoint(context.store);
    if (existing.status !== 'valid' || existing.value.version < snapshot.version) {
      await writeLastCheckpoint(context.store, { version: snapshot.version, size: actions.length, sizeInBytes: body.byteLength, numOfAddFiles: addFiles });
    }
    return { version: snapshot.version, key, actions: actions.length, addFiles, sizeInBytes: body.byteLength };
  });
}
