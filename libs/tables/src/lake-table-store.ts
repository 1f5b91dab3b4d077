import { DeltaTable, MetadataChangedError, TableAlreadyExistsError, TableNotFoundError, type DeltaTableOptions, type StructType } from '@music/delta';
import type { ObjectStore } from '@music/storage';
import type { TableColumnType } from './table-column';

/** What a lake table is: its contract, enough to create it. */
export interface LakeTableDefinition {
  name: string;
  columns: readonly { name: string; type: TableColumnType; nullable: boolean }[];
  partitionColumns: readonly string[];
  description: string;
  /**
   * Columns holding personal data (or text that may echo it). They get no per-file statistics:
   * min/max values in the Delta log would outlive an erasure, since VACUUM deletes data files only.
   */
  personalColumns?: readonly string[];
  /** Table properties the table must have (e.g. its log retention), besides the statistics columns. */
  properties?: Readonly<Record<string, string>>;
}

/**
 * Table properties of a lake table: the definition's own, and with personal columns,
 * `delta.dataSkippingStatsColumns` listing every other data column, so that statistics (and data
 * skipping) cover exactly the non-personal ones.
 */
export function lakeTableProperties(definition: LakeTableDefinition): Record<string, string> {
  const personal = new Set(definition.personalColumns ?? []);
  if (personal.size === 0) return { ...definition.properties };
  const unknown = [...personal].filter((name) => !definition.columns.some((column) => column.name === name));
  if (unknown.length > 0) throw new Error(`table ${definition.name}: personal columns ${unknown.join(', ')} are not columns of the table`);
  const partitioned = new Set(definition.partitionColumns);
  const indexed = definition.columns.filter((column) => !personal.has(column.name) && !partitioned.has(column.name)).map((column) => column.name);
  return { ...definition.properties, 'delta.dataSkippingStatsColumns': indexed.join(',') };
}

export function deltaSchemaOf(columns: LakeTableDefinition['columns']): StructType {
  return { type: 'struct', fields: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, metadata: {} })) };
}

/**
 * Opens the table, creating it on first use; a concurrent creator winning the race is fine. A
 * table created before the definition asked for a property gets it (one ALTER TABLE commit);
 * a property already set, even to another value (an operator's choice), is left alone.
 */
export async function openOrCreateTable(store: ObjectStore, definition: LakeTableDefinition, options: DeltaTableOptions = {}): Promise<DeltaTable> {
  const table = await openOrCreate(store, definition, options);
  try {
    await addMissingProperties(table, lakeTableProperties(definition));
  } catch (error) {
    await table.close();
    throw error;
  }
  return table;
}

async function openOrCreate(store: ObjectStore, definition: LakeTableDefinition, options: DeltaTableOptions): Promise<DeltaTable> {
  try {
    return await DeltaTable.open(store, options);
  } catch (error) {
    if (!(error instanceof TableNotFoundError)) throw error;
  }
  try {
    return await DeltaTable.create(
      store,
      {
        schema: deltaSchemaOf(definition.columns),
        partitionColumns: definition.partitionColumns,
        properties: lakeTableProperties(definition),
        name: definition.name,
        description: definition.description,
      },
      options,
    );
  } catch (error) {
    if (error instanceof TableAlreadyExistsError) return DeltaTable.open(store, options);
    throw error;
  }
}

/** The properties of `wanted` the configuration does not have at all. */
function missingProperties(configuration: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted).filter(([key]) => !Object.prototype.hasOwnProperty.call(configuration, key)));
}

const PROPERTY_ATTEMPTS = 3;

async function addMissingProperties(table: DeltaTable, wanted: Readonly<Record<string, string>>): Promise<void> {
  let configuration = table.snapshot().configuration;
  for (let attempt = 1; ; attempt++) {
    const missing = missingProperties(configuration, wanted);
    if (Object.keys(missing).length === 0) return;
    try {
      await table.setProperties(missing);
      return;
    } catch (error) {
      // Another process upgrading the same table at the same moment: look again.
      if (!(error instanceof MetadataChangedError) || attempt >= PROPERTY_ATTEMPTS) throw error;
      configuration = (await table.refresh()).configuration;
    }
  }
}
