import type { AddAction, DeltaAction } from './actions';
import { commitOptimistically, type TxnClaim } from './commit';
import { CommitConflictError, SchemaMismatchError, TxnVersionMismatchError, UnsupportedTableFeatureError } from './delta-errors';
import { writeDataFiles } from './parquet-writer';
import { assertWritable } from './protocol-support';
import { unwritableColumns, validateRows } from './row-validation';
import type { LoadedSnapshot } from './snapshot';
import type { TableContext } from './table-context';

/**
 * An append transaction: schema enforcement, data files, then one atomic commit carrying the
 * `add` actions and, for exactly-once writers, the `txn` actions (appId, version) of the batch.
 * Nothing is committed unless every row matches the schema. Data files of a commit that
 * definitely did not land are deleted; they are kept when the outcome is unknown.
 */

/** An application transaction committed atomically with the batch (exactly-once writers). */
export interface TxnRequest {
  appId: string;
  /** The application's progress marker written for appId (e.g. the last Kafka offset). */
  version: number;
  /**
   * Compare-and-set: the version the table must still record for appId (-1: never written),
   * checked before writing and at commit time; otherwise TxnVersionMismatchError and nothing is
   * committed. Without it, a batch whose appId the table already has at ≥ version is skipped.
   */
  expectedVersion?: number;
}

export interface AppendOptions {
  /** One application transaction (the same as `txns: [txn]`). */
  txn?: TxnRequest;
  /** Several application transactions, distinct appIds, all committed with the batch. */
  txns?: readonly TxnRequest[];
  maxCommitAttempts?: number;
}

export type AppendResult =
  | {
      status: 'committed';
      version: number;
      rows: number;
      files: readonly AddAction[];
      /** Commit attempts used (1 without contention). */
      attempts: number;
    }
  /** The table already has every appId at ≥ the requested version: nothing was written. */
  | { status: 'skipped'; reason: 'txn-already-applied'; txns: { appId: string; version: number }[] }
  | { status: 'skipped'; reason: 'no-rows' };

function txnRequests(options: AppendOptions): TxnRequest[] {
  const requests = [...(options.txn ? [options.txn] : []), ...(options.txns ?? [])];
  const seen = new Set<string>();
  for (const request of requests) {
    const valid =
      typeof request.appId === 'string' &&
      request.appId !== '' &&
      Number.isSafeInteger(request.version) &&
      (request.expectedVersion === undefined || (Number.isSafeInteger(request.expectedVersion) && request.expectedVersion >= -1));
    if (!valid) throw new TypeError(`invalid txn ${JSON.stringify(request)}`);
    if (seen.has(request.appId)) throw new TypeError(`txn appId ${request.appId} appears twice in one append`);
    seen.add(request.appId);
  }
  return requests;
}

export async function appendRows(
  context: TableContext,
  loaded: LoadedSnapshot,
  rows: readonly Readonly<Record<string, unknown>>[],
  options: AppendOptions = {},
): Promise<{ result: AppendResult; loaded: LoadedSnapshot }> {
  const { snapshot } = loaded;
  assertWritable(context.uri, snapshot.protocol, snapshot.configuration, snapshot.schema);
  const unwritable = unwritableColumns(snapshot.schema);
  if (unwritable.length > 0) {
    throw new UnsupportedTableFeatureError(context.uri, 'write', snapshot.protocol.minReaderVersion, snapshot.protocol.minWriterVersion, [
      `column types the writer cannot produce: ${unwritable.join(', ')}`,
    ]);
  }
  const requests = txnRequests(options);
  const applied: { appId: string; version: number }[] = [];
  for (const request of requests) {
    const committed = snapshot.txns.get(request.appId)?.version;
    if (request.expectedVersion !== undefined) {
      if ((committed ?? -1) !== request.expectedVersion) throw new TxnVersionMismatchError(context.uri, request.appId, request.expectedVersion, committed);
    } else if (committed !== undefined && committed >= request.version) {
      applied.push({ appId: request.appId, version: committed });
    }
  }
  if (applied.length > 0 && applied.length === requests.length) {
    return { result: { status: 'skipped', reason: 'txn-already-applied', txns: applied }, loaded };
  }
  if (applied.length > 0) {
    throw new CommitConflictError(
      context.uri,
      snapshot.version + 1,
      `transactions ${applied.map((txn) => txn.appId).join(', ')} are already committed, the others of this batch are not`,
    );
  }
  const validated = validateRows(rows, snapshot.schema);
  if (!validated.ok) {
    const shown = validated.issues.map((issue) => `row ${issue.row}, column ${issue.column}: ${issue.message}`).join('; ');
    const more = validated.total > validated.issues.length ? ` (and ${validated.total - validated.issues.length} more)` : '';
    throw new SchemaMismatchError(context.uri, `${shown}${more}`);
  }
  if (validated.rows.rowCount === 0 && requests.length === 0) return { result: { status: 'skipped', reason: 'no-rows' }, loaded };

  const written = await writeDataFiles(context, {
    schema: snapshot.schema,
    partitionColumns: snapshot.partitionColumns,
    configuration: snapshot.configuration,
    rows: validated.rows,
  });
  const now = Date.now();
  const claims: TxnClaim[] = requests.map((request) => ({
    txn: { appId: request.appId, version: request.version, lastUpdated: now },
    ...(request.expectedVersion === undefined ? {} : { expectedVersion: request.expectedVersion }),
  }));
  const actions: DeltaAction[] = [
    ...claims.map((claim) => ({ kind: 'txn' as const, value: claim.txn })),
    ...written.map((file) => ({ kind: 'add' as const, value: file.add })),
  ];
  const discardFiles = () => Promise.allSettled(written.map((file) => context.store.delete(file.key)));
  let outcome;
  try {
    outcome = await commitOptimistically(
      context,
      loaded,
      {
        operation: 'WRITE',
        operationParameters: { mode: 'Append', partitionBy: JSON.stringify(snapshot.partitionColumns) },
        operationMetrics: {
          numFiles: String(written.length),
          numOutputRows: String(validated.rows.rowCount),
          numOutputBytes: String(written.reduce((total, file) => total + file.add.size, 0)),
        },
        actions,
        isBlindAppend: true,
        txnClaims: claims,
      },
      options.maxCommitAttempts === undefined ? {} : { maxAttempts: options.maxCommitAttempts },
    );
  } catch (error) {
    if (error instanceof CommitConflictError || error instanceof TxnVersionMismatchError) await discardFiles();
    throw error;
  }
  if (outcome.status === 'txn-already-applied') {
    await discardFiles();
    return {
      result: { status: 'skipped', reason: 'txn-already-applied', txns: outcome.txns.map((txn) => ({ appId: txn.appId, version: txn.version })) },
      loaded: outcome.loaded,
    };
  }
  return {
    result: {
      status: 'committed',
      version: outcome.version,
      rows: validated.rows.rowCount,
      files: written.map((file) => file.add),
      attempts: outcome.attempts,
    },
    loaded: outcome.loaded,
  };
}
