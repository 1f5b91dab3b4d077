import { DeltaTable, TableAlreadyExistsError, TableNotFoundError, TxnVersionMismatchError, type DeltaTableOptions, type StructType } from '@music/delta';
import type { ObjectStore } from '@music/storage';
import type { TxnClaim } from './partition-progress';
import { TxnConflictError, type TableAppender } from './table-appender';

export interface IngestTableDefinition {
  /** Short name for logs and errors, e.g. `bronze`. */
  name: string;
  columns: readonly { name: string; type: 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'timestamp' | 'date'; nullable: boolean }[];
  partitionColumns: readonly string[];
  description: string;
}

export function deltaSchemaOf(columns: IngestTableDefinition['columns']): StructType {
  return { type: 'struct', fields: columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, metadata: {} })) };
}

/** Opens the table, creating it on first use; a concurrent creator winning the race is fine. */
export async function openOrCreateTable(store: ObjectStore, definition: IngestTableDefinition, options: DeltaTableOptions = {}): Promise<DeltaTable> {
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

/** A Delta table as the ingest's TableAppender: txn claims become compare-and-set `txn` actions. */
export class DeltaTableAppender<Row extends object> implements TableAppender<Row> {
  constructor(
    readonly name: string,
    private readonly table: DeltaTable,
  ) {}

  async txnVersions(appIds: readonly string[]): Promise<Map<string, number>> {
    const snapshot = await this.table.refresh();
    const versions = new Map<string, number>();
    for (const appId of appIds) {
      const txn = snapshot.txns.get(appId);
      if (txn) versions.set(appId, txn.version);
    }
    return versions;
  }

  async append(rows: readonly Row[], claims: readonly TxnClaim[]): Promise<{ version: number }> {
    try {
      const result = await this.table.append(rows as unknown as Readonly<Record<string, unknown>>[], {
        txns: claims.map((c) => ({ appId: c.appId, version: c.version, expectedVersion: c.expectedVersion })),
      });
      if (result.status !== 'committed') {
        throw new Error(`${this.name}: append of ${rows.length} rows with ${claims.length} txn claims was not committed (${result.reason})`);
      }
      return { version: result.version };
    } catch (error) {
      if (error instanceof TxnVersionMismatchError) throw new TxnConflictError(this.name, error.appId, error.expected, error.actual);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.table.close();
  }
}
