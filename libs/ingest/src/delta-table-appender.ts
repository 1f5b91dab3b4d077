import { TxnVersionMismatchError, type DeltaTable } from '@music/delta';
import type { TxnClaim } from './partition-progress';
import { TxnConflictError, type TableAppender } from './table-appender';

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
