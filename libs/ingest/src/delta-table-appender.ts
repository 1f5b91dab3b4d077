import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonLinesQuery, MetadataChangedError, QueryWriteError, SchemaMismatchError, TxnVersionMismatchError, withScratchDirectory, type DeltaTable, type TableAppendResult, type TxnRequest } from '@music/delta';
import { deleteListenerRows } from '@music/tables';
import type { TxnClaim } from './partition-progress';
import { TableChangedError, TxnConflictError, type TableAppender } from './table-appender';

export interface DeltaTableAppenderOptions {
  /** Where the JSON lines of a batch are written for DuckDB (default: a scratch directory of this process, see @music/delta). */
  workDirectory?: string;
}

/** The txn version the table records for each appId (absent: never written), from its latest snapshot. */
export async function deltaTxnVersions(table: DeltaTable, appIds: readonly string[]): Promise<Map<string, number>> {
  const snapshot = await table.refresh();
  const versions = new Map<string, number>();
  for (const appId of appIds) {
    const txn = snapshot.txns.get(appId);
    if (txn) versions.set(appId, txn.version);
  }
  return versions;
}

/**
 * The commit of an append with txn claims: its version, the TxnConflictError of a lost
 * compare-and-set, or the TableChangedError of a commit that met a metadata change.
 */
export async function committedVersion(name: string, rows: number, claims: readonly TxnClaim[], append: (txns: TxnRequest[]) => Promise<TableAppendResult>): Promise<{ version: number }> {
  try {
    const result = await append(claims.map((c) => ({ appId: c.appId, version: c.version, expectedVersion: c.expectedVersion })));
    if (result.status !== 'committed') throw new Error(`${name}: append of ${rows} rows with ${claims.length} txn claims was not committed (${result.reason})`);
    return { version: result.version };
  } catch (error) {
    if (error instanceof TxnVersionMismatchError) throw new TxnConflictError(name, error.appId, error.expected, error.actual);
    if (error instanceof MetadataChangedError) throw new TableChangedError(name, { cause: error });
    throw error;
  }
}

/**
 * Writes `lines` to a temporary file and appends the rows `query(path)` reads from it; when
 * DuckDB cannot read them as the table's rows (QueryWriteError, or a null where the table allows
 * none), appends through `fallback` instead. Nothing was committed by the failed attempt.
 */
export async function appendLinesOrFallback(
  table: DeltaTable,
  workDirectory: string | undefined,
  lines: string | Buffer,
  query: (path: string) => string,
  txns: TxnRequest[],
  fallback: () => Promise<TableAppendResult>,
): Promise<TableAppendResult> {
  if (workDirectory === undefined) return withScratchDirectory('append', (directory) => appendLinesOrFallback(table, directory, lines, query, txns, fallback));
  const path = join(workDirectory, `delta-append-${randomUUID()}.ndjson`);
  try {
    await writeFile(path, lines);
    try {
      return await table.appendQuery(query(path), { txns });
    } catch (error) {
      if (!(error instanceof QueryWriteError || error instanceof SchemaMismatchError)) throw error;
      return await fallback();
    }
  } finally {
    await rm(path, { force: true });
  }
}

/** What both Delta appenders share: the table, the txn versions it records, where JSON lines go. */
export abstract class DeltaAppenderBase {
  constructor(
    readonly name: string,
    protected readonly table: DeltaTable,
    protected readonly options: DeltaTableAppenderOptions = {},
  ) {}

  txnVersions(appIds: readonly string[]): Promise<Map<string, number>> {
    return deltaTxnVersions(this.table, appIds);
  }

  async deleteUsers(userIds: readonly string[]): Promise<number> {
    return (await deleteListenerRows(this.table, userIds)).rowsDeleted;
  }

  async close(): Promise<void> {
    await this.table.close();
  }
}

/**
 * A Delta table as the ingest's TableAppender: txn claims become compare-and-set `txn` actions.
 * Rows come from toQuarantineRow / toBronzeRow over records the event validator judged, so they
 * are written as JSON lines that DuckDB reads into Parquet (`appendQuery`), without the per-cell
 * checks and the appender of `DeltaTable.append`. A batch DuckDB cannot read that way (a lone
 * surrogate escape in a string, a bigint) goes through `append`, which validates every cell.
 */
export class DeltaTableAppender<Row extends object> extends DeltaAppenderBase implements TableAppender<Row> {
  append(rows: readonly Row[], claims: readonly TxnClaim[]): Promise<{ version: number }> {
    const records = rows as unknown as Readonly<Record<string, unknown>>[];
    return committedVersion(this.name, rows.length, claims, async (txns) => {
      if (rows.length === 0) return this.table.append([], { txns });
      let lines: string;
      try {
        lines = rows.map((row) => JSON.stringify(row)).join('\n');
      } catch {
        return this.table.append(records, { txns });
      }
      const schema = this.table.snapshot().schema;
      return appendLinesOrFallback(this.table, this.options.workDirectory, lines, (path) => jsonLinesQuery(path, schema), txns, () => this.table.append(records, { txns }));
    });
  }
}
