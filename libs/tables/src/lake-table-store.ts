import { DeltaTable, TableAlreadyExistsError, TableNotFoundError, type DeltaTableOptions, type StructType } from '@music/delta';
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
}

/**
 * Table properties of a new table. With personal columns, `delta.dataSkippingStatsColumns` lists
 * every other data column, so statistics (and data skipping) cover exactly the non-personal ones.
 */
export function lakeTableProperties(definition: LakeTableDefinition): Record<string, string> {
  const personal = new Set(definition.personalColumns ?? []);
  if (personal.size === 0) return {};
  const unknown = [...personal].filter((name) => !definition.columns.some((column) => column.name === name));
  if (unknown.length > 0) throw new Error(`table ${definition.name}: personal columns ${unknown.join(', ')} are not columns of the table`);
  const partitioned = new Set(definition.partitionColumns);
  const indexed = definition.columns.filter((column) => !personal.has(column.name) && !partitioned.has(column.name)).map((column) => column.name);
  return { 'delta.dataSkippingStatsColumns': indexed.join(',') };
}

export function deltaSchemaOf(columns: LakeTableDefinition['columns']): StructType {
  return { type: 'struct', fields: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, metadata: {} })) };
}

/** Opens the table, creating it on first use; a concurrent creator winning the race is fine. */
export async function openOrCreateTable(store: ObjectStore, definition: LakeTableDefinition, options: DeltaTableOptions = {}): Promise<DeltaTable> {
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
