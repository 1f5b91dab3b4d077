import type { TxnClaim } from './partition-progress';

/** What the ingest needs of a Delta table: its txn versions, and atomic appends guarded by them. */
export interface TableAppender<Row> {
  readonly name: string;
  /** The txn version recorded for each appId (absent: never written). Reads the latest snapshot. */
  txnVersions(appIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * One atomic commit of the rows and the txn claims. Must reject with a TxnConflictError when,
   * at commit time, a claim's `expectedVersion` is no longer the table's version for its appId
   * (another consumer wrote those offsets first), leaving the table unchanged.
   */
  append(rows: readonly Row[], claims: readonly TxnClaim[]): Promise<{ version: number }>;
}

export class TxnConflictError extends Error {
  constructor(
    readonly table: string,
    readonly appId: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(`${table}: txn ${appId} is at ${actual ?? 'none'}, expected ${expected}: another writer committed these offsets`);
    this.name = 'TxnConflictError';
  }
}
