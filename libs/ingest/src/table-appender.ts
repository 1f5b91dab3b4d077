import type { ListeningEvent, ScannedEventStore } from '@music/events';
import type { BronzeRow } from '@music/tables';
import type { ConsumedRecord } from './consumed-record';
import type { TxnClaim } from './partition-progress';

/** What the ingest needs of a Delta table: its txn versions, and atomic appends guarded by them. */
export interface TableAppender<Row> {
  readonly name: string;
  /** The txn version recorded for each appId (absent: never written). Reads the latest snapshot. */
  txnVersions(appIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * One atomic commit of the rows and the txn claims. Must reject with a TxnConflictError when,
   * at commit time, a claim's `expectedVersion` is no longer the table's version for its appId
   * (another consumer wrote those offsets first), leaving the table unchanged; and with a
   * TableChangedError when a concurrent change of the table's metadata (its properties or schema,
   * e.g. an operator's ALTER TABLE) made the commit invalid. Either may be retried from fresh state.
   */
  append(rows: readonly Row[], claims: readonly TxnClaim[]): Promise<{ version: number }>;
  /** Deletes every row of these users (an erasure the batch that wrote them had not seen); the number of rows deleted. */
  deleteUsers(userIds: readonly string[]): Promise<number>;
}

/** A record the event validator accepted: its event, and the time its batch was ingested. */
export interface ValidRecord {
  record: ConsumedRecord;
  event: ListeningEvent;
  ingestedAt: Date;
  /** What the event scanner read of it, when decodeEvents kept it (the store of the batch, and its row there). */
  scanned?: ScannedEventStore | undefined;
  scannedRow?: number | undefined;
}

/**
 * A bronze appender that takes the valid records themselves and builds bronze's rows its own way
 * (DeltaBronzeAppender has DuckDB read the records' event JSON), instead of rows made in JS.
 */
export interface ValidRecordAppender extends TableAppender<ValidRecord> {
  readonly takes: 'valid-records';
}

export type BronzeAppender = TableAppender<BronzeRow> | ValidRecordAppender;

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

/** A concurrent change of the table's metadata made the commit invalid; nothing was written. */
export class TableChangedError extends Error {
  constructor(
    readonly table: string,
    options: { cause: unknown },
  ) {
    super(`${table}: the table's metadata changed while this batch was being committed; nothing was written`, options);
    this.name = 'TableChangedError';
  }
}
