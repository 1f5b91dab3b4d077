import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, type ObjectStore } from '@music/storage';
import { serializeCommit, type DeltaAction, type MetadataAction, type ProtocolAction } from './actions';
import { ENGINE_INFO } from './commit';
import { DeltaError, TableAlreadyExistsError } from './delta-errors';
import { findField, isPrimitiveType, serializeSchema, validateSchema, type StructType } from './delta-schema';
import { commitKey, LOG_PREFIX } from './log-listing';
import { SUPPORTED_FEATURES } from './protocol-support';
import { unwritableColumns } from './row-validation';
import { statsColumnsIssue, validateCreateProperties } from './table-properties';

/** A new table: schema, partition columns and properties; protocol 1/2; commit 0 via putIfAbsent. */

export interface TableDefinition {
  schema: StructType;
  partitionColumns?: readonly string[];
  /** Table properties (`metaData.configuration`); `delta.*` keys are limited (table-properties.ts). */
  properties?: Readonly<Record<string, string>>;
  name?: string;
  description?: string;
}

export class InvalidTableDefinitionError extends DeltaError {
  constructor(table: string, detail: string, options?: { cause?: unknown }) {
    super(table, `invalid table definition: ${detail}`, options);
    this.name = 'InvalidTableDefinitionError';
  }
}

/** Validates the definition and returns the protocol and metaData actions of version 0. */
export function initialActions(table: string, definition: TableDefinition, now: number = Date.now()): { protocol: ProtocolAction; metadata: MetadataAction } {
  let schema: StructType;
  try {
    schema = validateSchema(definition.schema);
  } catch (error) {
    throw new InvalidTableDefinitionError(table, (error as Error).message, { cause: error });
  }
  const unwritable = unwritableColumns(schema);
  if (unwritable.length > 0) throw new InvalidTableDefinitionError(table, `the writer cannot produce these column types: ${unwritable.join(', ')}`);
  const partitionColumns = [...(definition.partitionColumns ?? [])];
  if (new Set(partitionColumns).size !== partitionColumns.length) throw new InvalidTableDefinitionError(table, 'partition columns are repeated');
  for (const column of partitionColumns) {
    const field = findField(schema, column);
    if (!field) throw new InvalidTableDefinitionError(table, `partition column ${column} is not in the schema`);
    if (!isPrimitiveType(field.type)) throw new InvalidTableDefinitionError(table, `partition column ${column} is not of a primitive type`);
  }
  if (partitionColumns.length >= schema.fields.length) throw new InvalidTableDefinitionError(table, 'at least one column must not be a partition column');
  const properties = { ...(definition.properties ?? {}) };
  try {
    validateCreateProperties(properties);
  } catch (error) {
    throw new InvalidTableDefinitionError(table, (error as Error).message, { cause: error });
  }
  const statsIssue = statsColumnsIssue(properties, schema.fields, partitionColumns);
  if (statsIssue !== undefined) throw new InvalidTableDefinitionError(table, statsIssue);
  return {
    protocol: { ...SUPPORTED_FEATURES.createdProtocol, readerFeatures: undefined, writerFeatures: undefined },
    metadata: {
      id: randomUUID(),
      name: definition.name,
      description: definition.description,
      format: { provider: 'parquet', options: {} },
      schemaString: serializeSchema(schema),
      partitionColumns,
      createdTime: now,
      configuration: properties,
    },
  };
}

/** Writes commit 0; fails with TableAlreadyExistsError when the log is not empty or another creator won. */
export async function createTableLog(store: ObjectStore, definition: TableDefinition): Promise<void> {
  const now = Date.now();
  const { protocol, metadata } = initialActions(store.uri, definition, now);
  if ((await store.list(LOG_PREFIX)).length > 0) throw new TableAlreadyExistsError(store.uri);
  const actions: DeltaAction[] = [
    {
      kind: 'commitInfo',
      value: {
        timestamp: now,
        operation: 'CREATE TABLE',
        operationParameters: {
          isManaged: 'false',
          description: definition.description ?? null,
          partitionBy: JSON.stringify(metadata.partitionColumns),
          properties: JSON.stringify(metadata.configuration),
        },
        isolationLevel: 'Serializable',
        isBlindAppend: true,
        engineInfo: ENGINE_INFO,
        txnId: randomUUID(),
      },
    },
    { kind: 'protocol', value: protocol },
    { kind: 'metaData', value: metadata },
  ];
  try {
    await store.putIfAbsent(commitKey(0), Buffer.from(serializeCommit(actions), 'utf8'));
  } catch (error) {
    if (error instanceof AlreadyExistsError) throw new TableAlreadyExistsError(store.uri, { cause: error });
    throw error;
  }
}
