import type { AddAction, DeltaAction, RemoveAction } from './actions';
import { commitOptimistically, type CommitResult, type ConflictScope, type TxnClaim } from './commit';
import { AppendOnlyTableError, CommitConflictError, SchemaMismatchError, TxnVersionMismatchError, UnsupportedTableFeatureError } from './delta-errors';
import { serializeSchema, type StructType } from './delta-schema';
import { uploadFiles, writeDataFiles, writeQueryFiles, type WrittenDataFile } from './parquet-writer';
import { preparedSources, type PreparedDataFile } from './prepared-files';
import { assertWritable } from './protocol-support';
import { fileKeys, removeAction } from './remove-actions';
import { conformQuery, describeQuery } from './query-columns';
import { addedInside, assertFilesInside, assertRowsInside, replacedFiles, typeReplaceWhere } from './replace-where';
import { unwritableColumns, validateRows, type WritableType } from './row-validation';
import type { ScanPredicate } from './scan-filter';
import { predicateSql, type TypedPredicate } from './scan-filter';
import { mergeSchema } from './schema-evolution';
import type { LoadedSnapshot, Snapshot } from './snapshot';
import type { TableContext } from './table-context';
import { isAppendOnly } from './table-properties';

/**
 * Write transactions (append, overwrite): schema enforcement (and additive evolution with
 * `mergeSchema`), data files, then one atomic commit carrying the `add` actions, the `remove`
 * actions of replaced files (overwrite), the new metaData (schema evolution) and, for
 * exactly-once writers, the `txn` actions (appId, version) of the batch. Nothing is committed
 * unless every row matches the schema. Data files of a commit that definitely did not land are
 * deleted; they are kept when the outcome is unknown.
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

export interface WriteOptions {
  /** One application transaction (the same as `txns: [txn]`). */
  txn?: TxnRequest;
  /** Several application transactions, distinct appIds, all committed with the batch. */
  txns?: readonly TxnRequest[];
  /**
   * Add the columns of the rows that the table does not have, as nullable columns, in the same
   * commit. Without it such columns are a SchemaMismatchError.
   */
  mergeSchema?: boolean;
  maxCommitAttempts?: number;
}

export type AppendOptions = WriteOptions;

export interface OverwriteOptions extends WriteOptions {
  /**
   * Replace only the partitions matching every predicate (partition columns only, e.g.
   * `[{ column: 'day', op: 'in', values: ['2024-03-01', '2024-03-02'] }]`); every written row must
   * fall inside them. Without it, the whole table is replaced.
   */
  replaceWhere?: readonly ScanPredicate[];
}

export type AppendResult =
  | {
      status: 'committed';
      version: number;
      rows: number;
      files: readonly AddAction[];
      /** Commit attempts used (1 without contention). */
      attempts: number;
      /** Columns added to the schema by this commit (mergeSchema). */
      addedColumns: readonly string[];
    }
  /** The table already has every appId at ≥ the requested version: nothing was written. */
  | { status: 'skipped'; reason: 'txn-already-applied'; txns: { appId: string; version: number }[] }
  | { status: 'skipped'; reason: 'no-rows' };

export type OverwriteResult =
  | {
      status: 'committed';
      version: number;
      rows: number;
      files: readonly AddAction[];
      /** The files replaced (removed in the same commit). */
      removed: readonly RemoveAction[];
      attempts: number;
      addedColumns: readonly string[];
    }
  | { status: 'skipped'; reason: 'txn-already-applied'; txns: { appId: string; version: number }[] };

/** Rows to write; `columnTypes` (Arrow input) types new columns for mergeSchema. */
export interface WriteInput {
  rows: readonly Readonly<Record<string, unknown>>[];
  columnTypes?: ReadonlyMap<string, WritableType | undefined>;
}

/** The rows of a DuckDB query, run in the table's DuckDB session (temp tables and views of that session are visible). */
export interface QueryInput {
  sql: string;
}

/** Options of writes from a query: no schema evolution (the query's columns must be the table's). */
export type QueryWriteOptions = Omit<WriteOptions, 'mergeSchema'>;
export type QueryOverwriteOptions = Omit<OverwriteOptions, 'mergeSchema'>;
/** Options of appends of prepared Parquet files: no schema evolution (the files hold the table's columns). */
export type AppendFilesOptions = Omit<WriteOptions, 'mergeSchema'>;

function txnRequests(options: WriteOptions): TxnRequest[] {
  const requests = [...(options.txn ? [options.txn] : []), ...(options.txns ?? [])];
  const seen = new Set<string>();
  for (const request of requests) {
    const valid =
      typeof request.appId === 'string' &&
      request.appId !== '' &&
      Number.isSafeInteger(request.version) &&
      (request.expectedVersion === undefined || (Number.isSafeInteger(request.expectedVersion) && request.expectedVersion >= -1));
    if (!valid) throw new TypeError(`invalid txn ${JSON.stringify(request)}`);
    if (seen.has(request.appId)) throw new TypeError(`txn appId ${request.appId} appears twice in one write`);
    seen.add(request.appId);
  }
  return requests;
}

/** Throws unless this library may write the table (protocol, features, column types). */
export function assertTableWritable(context: TableContext, snapshot: Snapshot, schema: StructType = snapshot.schema): void {
  assertWritable(context.uri, snapshot.protocol, snapshot.configuration, schema);
  const unwritable = unwritableColumns(schema);
  if (unwritable.length > 0) {
    throw new UnsupportedTableFeatureError(context.uri, 'write', snapshot.protocol.minReaderVersion, snapshot.protocol.minWriterVersion, [
      `column types the writer cannot produce: ${unwritable.join(', ')}`,
    ]);
  }
}

/** The txns already applied, or throws on a compare-and-set mismatch / partly applied batch. */
function reviewTxns(context: TableContext, snapshot: Snapshot, requests: readonly TxnRequest[]): { appId: string; version: number }[] {
  const applied: { appId: string; version: number }[] = [];
  for (const request of requests) {
    const committed = snapshot.txns.get(request.appId)?.version;
    if (request.expectedVersion !== undefined) {
      if ((committed ?? -1) !== request.expectedVersion) throw new TxnVersionMismatchError(context.uri, request.appId, request.expectedVersion, committed);
    } else if (committed !== undefined && committed >= request.version) {
      applied.push({ appId: request.appId, version: committed });
    }
  }
  if (applied.length > 0 && applied.length < requests.length) {
    throw new CommitConflictError(
      context.uri,
      snapshot.version + 1,
      `transactions ${applied.map((txn) => txn.appId).join(', ')} are already committed, the others of this batch are not`,
    );
  }
  return applied;
}

interface WritePlan {
  operationParameters: Record<string, unknown>;
  isBlindAppend: boolean;
  removed: RemoveAction[];
  conflictScope?: ConflictScope;
}

type WriteOutcome =
  | { status: 'committed'; version: number; rows: number; files: AddAction[]; removed: RemoveAction[]; attempts: number; addedColumns: string[] }
  | { status: 'skipped'; reason: 'txn-already-applied'; txns: { appId: string; version: number }[] };

/** The data files of a write, produced once the table and the txns have been checked. */
interface ProducedFiles {
  schema: StructType;
  addedColumns: StructType['fields'];
  written: WrittenDataFile[];
  rows: number;
}

type FileProducer = (snapshot: Snapshot, replaceWhere: TypedPredicate[] | undefined) => Promise<ProducedFiles>;

/** Validated rows → data files (schema enforcement, mergeSchema, replaceWhere per row, before anything is written). */
function rowFiles(context: TableContext, input: WriteInput, options: WriteOptions): FileProducer {
  return async (snapshot, replaceWhere) => {
    const merge = options.mergeSchema ? mergeSchema(context.uri, snapshot.schema, input.rows, input.columnTypes) : { schema: snapshot.schema, added: [] };
    if (merge.added.length > 0) assertTableWritable(context, snapshot, merge.schema);
    const validated = validateRows(input.rows, merge.schema);
    if (!validated.ok) {
      const shown = validated.issues.map((issue) => `row ${issue.row}, column ${issue.column}: ${issue.message}`).join('; ');
      const more = validated.total > validated.issues.length ? ` (and ${validated.total - validated.issues.length} more)` : '';
      const unknownColumn = validated.issues.some((issue) => issue.message === 'not a column of the table');
      const hint = unknownColumn && !options.mergeSchema ? ' (pass mergeSchema: true to add new nullable columns)' : '';
      throw new SchemaMismatchError(context.uri, `${shown}${more}${hint}`);
    }
    if (replaceWhere !== undefined) assertRowsInside(context.uri, merge.schema, replaceWhere, validated.rows);
    const written = await writeDataFiles(context, {
      schema: merge.schema,
      partitionColumns: snapshot.partitionColumns,
      configuration: snapshot.configuration,
      rows: validated.rows,
    });
    return { schema: merge.schema, addedColumns: merge.added, written, rows: validated.rows.rowCount };
  };
}

/**
 * A query's rows → data files: its columns are checked against the schema (DESCRIBE, before it
 * runs), then one COPY writes every partition; nulls in non-nullable columns and, for
 * replaceWhere, files outside the replaced partitions are refused before the commit (the files
 * are deleted).
 */
function queryFiles(context: TableContext, input: QueryInput, options: QueryWriteOptions): FileProducer {
  if ((options as WriteOptions).mergeSchema) throw new TypeError('mergeSchema is not supported when writing a query: its columns must be the table\'s');
  return async (snapshot, replaceWhere) => {
    const select = conformQuery(context.uri, snapshot.schema, await describeQuery(context, input.sql), input.sql);
    const target = { schema: snapshot.schema, partitionColumns: snapshot.partitionColumns, configuration: snapshot.configuration };
    const written = await writeQueryFiles(context, target, select);
    if (replaceWhere !== undefined) {
      try {
        assertFilesInside(context.uri, snapshot.schema, snapshot.partitionColumns, replaceWhere, written);
      } catch (error) {
        await Promise.allSettled(written.map((file) => context.store.delete(file.key)));
        throw error;
      }
    }
    return { schema: snapshot.schema, addedColumns: [], written, rows: written.reduce((total, file) => total + file.rows, 0) };
  };
}

/**
 * Parquet files encoded elsewhere → data files: checked against the table (prepared-files.ts)
 * before the first upload, then uploaded as they are.
 */
function preparedFiles(context: TableContext, files: readonly PreparedDataFile[], options: AppendFilesOptions): FileProducer {
  if ((options as WriteOptions).mergeSchema) throw new TypeError('mergeSchema is not supported when appending prepared files: they must hold the table\'s columns');
  return async (snapshot) => {
    const target = { schema: snapshot.schema, partitionColumns: snapshot.partitionColumns, configuration: snapshot.configuration };
    const sources = preparedSources(context.uri, target, files);
    const written = await uploadFiles(context, target, sources, true);
    return { schema: snapshot.schema, addedColumns: [], written, rows: written.reduce((total, file) => total + file.rows, 0) };
  };
}

/** A write whose table and txns were checked: what it replaces and which txns it commits. */
interface CheckedWrite {
  mode: 'append' | 'overwrite';
  replaceWhere: TypedPredicate[] | undefined;
  requests: TxnRequest[];
}

/** Checks the table and the txns; `skipped` when the table already has every txn of the batch. */
function checkWrite(
  context: TableContext,
  snapshot: Snapshot,
  options: OverwriteOptions,
  mode: 'append' | 'overwrite',
): { status: 'skipped'; reason: 'txn-already-applied'; txns: { appId: string; version: number }[] } | CheckedWrite {
  assertTableWritable(context, snapshot);
  if (mode === 'overwrite' && isAppendOnly(snapshot.configuration)) throw new AppendOnlyTableError(context.uri, 'overwrite');
  const replaceWhere = mode === 'overwrite' ? typeReplaceWhere(context.uri, snapshot, options.replaceWhere) : undefined;
  const requests = txnRequests(options);
  const applied = reviewTxns(context, snapshot, requests);
  if (applied.length > 0) return { status: 'skipped', reason: 'txn-already-applied', txns: applied };
  return { mode, replaceWhere, requests };
}

async function writeTransaction(
  context: TableContext,
  loaded: LoadedSnapshot,
  produce: FileProducer,
  options: OverwriteOptions,
  mode: 'append' | 'overwrite',
): Promise<{ result: WriteOutcome; loaded: LoadedSnapshot }> {
  const checked = checkWrite(context, loaded.snapshot, options, mode);
  if (!('mode' in checked)) return { result: checked, loaded };
  return commitWrite(context, loaded, checked, await produce(loaded.snapshot, checked.replaceWhere), options);
}

/** One commit of the produced files, the removes of an overwrite, the txns and the new metaData if any. */
async function commitWrite(
  context: TableContext,
  loaded: LoadedSnapshot,
  { mode, replaceWhere, requests }: CheckedWrite,
  produced: ProducedFiles,
  options: OverwriteOptions,
): Promise<{ result: WriteOutcome; loaded: LoadedSnapshot }> {
  const { snapshot } = loaded;
  const { written } = produced;
  const now = Date.now();
  const replaced = mode === 'overwrite' ? replacedFiles(snapshot, replaceWhere) : [];
  const plan: WritePlan =
    mode === 'append'
      ? { operationParameters: { mode: 'Append', partitionBy: JSON.stringify(snapshot.partitionColumns) }, isBlindAppend: true, removed: [] }
      : {
          operationParameters: {
            mode: 'Overwrite',
            partitionBy: JSON.stringify(snapshot.partitionColumns),
            ...(replaceWhere === undefined ? {} : { predicate: predicateSql(replaceWhere) }),
          },
          isBlindAppend: false,
          removed: replaced.map((file) => removeAction(file, { dataChange: true, deletionTimestamp: now })),
          conflictScope: { removedFiles: fileKeys(context, replaced), readsAdded: addedInside(snapshot.schema, snapshot.partitionColumns, replaceWhere) },
        };
  if (options.mergeSchema) plan.operationParameters['mergeSchema'] = 'true';

  const claims: TxnClaim[] = requests.map((request) => ({
    txn: { appId: request.appId, version: request.version, lastUpdated: now },
    ...(request.expectedVersion === undefined ? {} : { expectedVersion: request.expectedVersion }),
  }));
  const actions: DeltaAction[] = [
    ...claims.map((claim) => ({ kind: 'txn' as const, value: claim.txn })),
    ...(produced.addedColumns.length > 0 ? [{ kind: 'metaData' as const, value: { ...snapshot.metadata, schemaString: serializeSchema(produced.schema) } }] : []),
    ...plan.removed.map((remove) => ({ kind: 'remove' as const, value: remove })),
    ...written.map((file) => ({ kind: 'add' as const, value: file.add })),
  ];
  const outcome = await commitWrittenFiles(context, loaded, written, {
    operation: 'WRITE',
    operationParameters: plan.operationParameters,
    operationMetrics: {
      numFiles: String(written.length),
      numOutputRows: String(produced.rows),
      numOutputBytes: String(written.reduce((total, file) => total + file.add.size, 0)),
      ...(mode === 'overwrite' ? { numRemovedFiles: String(plan.removed.length) } : {}),
    },
    actions,
    isBlindAppend: plan.isBlindAppend,
    txnClaims: claims,
    ...(plan.conflictScope ? { conflictScope: plan.conflictScope } : {}),
  }, options.maxCommitAttempts);
  if (outcome.status === 'txn-already-applied') {
    return {
      result: { status: 'skipped', reason: 'txn-already-applied', txns: outcome.txns.map((txn) => ({ appId: txn.appId, version: txn.version })) },
      loaded: outcome.loaded,
    };
  }
  return {
    result: {
      status: 'committed',
      version: outcome.version,
      rows: produced.rows,
      files: written.map((file) => file.add),
      removed: plan.removed,
      attempts: outcome.attempts,
      addedColumns: produced.addedColumns.map((field) => field.name),
    },
    loaded: outcome.loaded,
  };
}

/**
 * Commits actions referencing freshly written data files; the files are deleted when the commit
 * definitely did not land (conflict, txn already applied) and kept when its outcome is unknown.
 */
export async function commitWrittenFiles(
  context: TableContext,
  loaded: LoadedSnapshot,
  written: readonly WrittenDataFile[],
  pending: Parameters<typeof commitOptimistically>[2],
  maxAttempts: number | undefined,
): Promise<CommitResult> {
  const discardFiles = () => Promise.allSettled(written.map((file) => context.store.delete(file.key)));
  let outcome: CommitResult;
  try {
    outcome = await commitOptimistically(context, loaded, pending, maxAttempts === undefined ? {} : { maxAttempts });
  } catch (error) {
    if (error instanceof CommitConflictError || error instanceof TxnVersionMismatchError) await discardFiles();
    throw error;
  }
  if (outcome.status === 'txn-already-applied') await discardFiles();
  return outcome;
}

function appendResult({ result, loaded }: { result: WriteOutcome; loaded: LoadedSnapshot }): { result: AppendResult; loaded: LoadedSnapshot } {
  if (result.status !== 'committed') return { result, loaded };
  const { removed: _removed, ...committed } = result;
  return { result: committed, loaded };
}

export async function appendRows(
  context: TableContext,
  loaded: LoadedSnapshot,
  input: WriteInput,
  options: AppendOptions = {},
): Promise<{ result: AppendResult; loaded: LoadedSnapshot }> {
  assertTableWritable(context, loaded.snapshot);
  if (input.rows.length === 0 && txnRequests(options).length === 0) return { result: { status: 'skipped', reason: 'no-rows' }, loaded };
  return appendResult(await writeTransaction(context, loaded, rowFiles(context, input, options), options, 'append'));
}

export async function overwriteRows(
  context: TableContext,
  loaded: LoadedSnapshot,
  input: WriteInput,
  options: OverwriteOptions = {},
): Promise<{ result: OverwriteResult; loaded: LoadedSnapshot }> {
  return writeTransaction(context, loaded, rowFiles(context, input, options), options, 'overwrite');
}

/** Appends the rows of a query; when it has none and no txn is given, nothing is committed ('no-rows'). */
export async function appendQuery(
  context: TableContext,
  loaded: LoadedSnapshot,
  input: QueryInput,
  options: QueryWriteOptions = {},
): Promise<{ result: AppendResult; loaded: LoadedSnapshot }> {
  const checked = checkWrite(context, loaded.snapshot, options, 'append');
  if (!('mode' in checked)) return { result: checked, loaded };
  const produced = await queryFiles(context, input, options)(loaded.snapshot, undefined);
  if (produced.rows === 0 && checked.requests.length === 0) return { result: { status: 'skipped', reason: 'no-rows' }, loaded };
  return appendResult(await commitWrite(context, loaded, checked, produced, options));
}

export async function overwriteQuery(
  context: TableContext,
  loaded: LoadedSnapshot,
  input: QueryInput,
  options: QueryOverwriteOptions = {},
): Promise<{ result: OverwriteResult; loaded: LoadedSnapshot }> {
  return writeTransaction(context, loaded, queryFiles(context, input, options), options, 'overwrite');
}

/**
 * Appends Parquet files encoded elsewhere, in one commit; without files and without txns nothing
 * is committed ('no-rows').
 */
export async function appendFiles(
  context: TableContext,
  loaded: LoadedSnapshot,
  files: readonly PreparedDataFile[],
  options: AppendFilesOptions = {},
): Promise<{ result: AppendResult; loaded: LoadedSnapshot }> {
  const produce = preparedFiles(context, files, options);
  const checked = checkWrite(context, loaded.snapshot, options, 'append');
  if (!('mode' in checked)) return { result: checked, loaded };
  if (files.length === 0 && checked.requests.length === 0) return { result: { status: 'skipped', reason: 'no-rows' }, loaded };
  return appendResult(await commitWrite(context, loaded, checked, await produce(loaded.snapshot, undefined), options));
}
