import { DeltaTable, TableAlreadyExistsError, TableNotFoundError, type DeltaTableOptions, type StructType } from '@music/delta';
import type { ObjectStore } from '@music/storage';
import type { TableColumnType } from './table-column';

/** What a lake table is: its contract, enough to create it. */
export interface LakeTableDefinition {
  name: string;
  columns: readonly { name: string; type: TableColumnType; nullable: boolean }[];
  partitionColumns: readonly string[];
  description: string;
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
      { schema: deltaSchemaOf(definition.columns), partitionColumns: definition.partitionColumns, name: definition.name, description: definition.description },
      options,
    );
  } catch (error) {
    if (error instanceof TableAlreadyExistsError) return DeltaTable.open(store, options);
    throw error;
  }
}
