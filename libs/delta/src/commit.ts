import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlreadyExistsError } from '@music/storage';
import { deletionVectorUniqueId, serializeCommit, type AddAction, type CommitInfoAction, type DeltaAction, type TxnAction } from './actions';
import { CommitConflictError, CommitOutcomeUnknownError, MetadataChangedError, TxnVersionMismatchError } from './delta-errors';
import { commitKey } from './log-listing';
import { applyOwnCommit, updateSnapshot, type LoadedSnapshot } from './snapshot';
import type { TableContext } from './table-context';

/**
 * Optimistic commit (PROTOCOL.md "Creation of New Log Entries"): the next commit file is created
 * with putIfAbsent, which the store makes atomic. When another writer got that version first,
 * its commits are read and checked for logical conflicts; without conflict the same actions are
 * retried at the next version. A unique `txnId` in commitInfo tells whether a commit whose write
 * failed ambiguously (timeout, lost reply) actually landed, so it is never written twice.
 */

export const ENGINE_INFO = '@music/delta/0.1.0';
export const DEFAULT_MAX_COMMIT_ATTEMPTS = 20;

/** An application transaction committed with the data (exactly-once writers). */
export interface TxnClaim {
  txn: TxnAction;
  /**
   * Compare-and-set: the version the table must still record for the appId (-1: none). Without
   * it, a concurrent commit of the appId at ≥ txn.version means the batch is already in.
   */
  expectedVersion?: number;
}

export interface PendingCommit {
  operation: string;
  operationParameters: Record<string, unknown>;
  operationMetrics?: Record<string, string>;
  /** Actions after commitInfo (txn, add, …). */
  actions: DeltaAction[];
  /** Only adds new data without reading the table (recorded in commitInfo). */
  isBlindAppend: boolean;
  /** The txn actions among `actions`, with how concurrent commits of the same appIds are judged. */
  txnClaims: readonly TxnClaim[];
  /** What this commit read and removes; concurrent data changes outside it never conflict. */
  conflictScope?: ConflictScope;
}

/**
 * The part of the table a commit depends on (PROTOCOL.md leaves conflict detection to writers; these
 * are Delta's rules for appends, overwrites, deletes and compactions). A blind append has none.
 */
export interface ConflictScope {
  /** Reconciliation keys of the files this commit removes: a concurrent `remove` of any is a conflict. */
  removedFiles: ReadonlySet<string>;
  /**
   * Whether a file added concurrently (with dataChange) may hold rows this commit read or replaces,
   * e.g. an append into a partition being overwritten; such an add is a conflict.
   */
  readsAdded?: (add: AddAction) => boolean;
  /**
   * Of the concurrently added files `readsAdded` flagged (it sees statistics at best), those that
   * do hold such rows, found by reading them: the others are no conflict. Without it, every
   * flagged file is one. A failure to read counts every flagged file.
   */
  confirmAdded?: (adds: readonly AddAction[]) => Promise<readonly AddAction[]>;
}

export type CommitResult =
  | { status: 'committed'; version: number; loaded: LoadedSnapshot; attempts: number }
  /** Concurrent commits already recorded every claimed appId at ≥ our versions: nothing was written. */
  | { status: 'txn-already-applied'; txns: TxnAction[]; loaded: LoadedSnapshot; attempts: number };

export interface CommitOptions {
  maxAttempts?: number;
}

interface WinnerReview {
  ownVersion: number | undefined;
  conflict: string | undefined;
  /** The conflict is a change of protocol or metadata (MetadataChangedError). */
  baseChanged: boolean;
  /** Concurrent adds flagged by readsAdded, left for confirmAdded, with the conflict each would be. */
  suspects: { add: AddAction; conflict: string }[];
  mismatch: TxnVersionMismatchError | undefined;
  applied: Map<string, TxnAction>;
}

function scopeConflict(
  context: TableContext,
  scope: ConflictScope | undefined,
  action: DeltaAction,
  version: number,
  operation: string,
): string | undefined {
  if (scope === undefined || (action.kind !== 'add' && action.kind !== 'remove')) return undefined;
  const { path, deletionVector } = action.value;
  if (action.kind === 'remove') {
    let key: string;
    try {
      key = context.paths.fileKey(path, deletionVector ? deletionVectorUniqueId(deletionVector) : undefined);
    } catch {
      return `version ${version} removed a file with an unreadable path ${JSON.stringify(path)}`;
    }
    return scope.removedFiles.has(key) ? `${path}, which this commit removes, was removed concurrently by ${operation} in version ${version}` : undefined;
  }
  if (action.value.dataChange && scope.readsAdded?.(action.value)) {
    return `${operation} in version ${version} added ${path} to data this commit read or replaces`;
  }
  return undefined;
}

function reviewWinner(
  context: TableContext,
  review: WinnerReview,
  version: number,
  actions: readonly DeltaAction[],
  txnId: string,
  pending: PendingCommit,
): void {
  if (actions.some((action) => action.kind === 'commitInfo' && action.value.txnId === txnId)) {
    review.ownVersion = version;
    return;
  }
  if (review.conflict !== undefined || review.mismatch !== undefined || review.ownVersion !== undefined) return;
  const info = actions.find((action) => action.kind === 'commitInfo');
  const operation = info?.kind === 'commitInfo' && info.value.operation !== undefined ? info.value.operation : 'another writer';
  for (const action of actions) {
    if (action.kind === 'protocol' || action.kind === 'metaData') {
      review.baseChanged = true;
      review.conflict = action.kind === 'protocol' ? `the protocol changed in version ${version}` : `the table metadata (schema, partitioning or properties) changed in version ${version}`;
    }
    else if (action.kind === 'txn') {
      const claim = pending.txnClaims.find((candidate) => candidate.txn.appId === action.value.appId);
      if (!claim) continue;
      if (claim.expectedVersion !== undefined) {
        review.mismatch = new TxnVersionMismatchError(context.uri, claim.txn.appId, claim.expectedVersion, action.value.version);
        return;
      }
      if (action.value.version >= claim.txn.version) review.applied.set(claim.txn.appId, action.value);
      else review.conflict = `transaction ${claim.txn.appId} was committed concurrently at application version ${action.value.version} in version ${version}`;
    } else {
      const conflict = scopeConflict(context, pending.conflictScope, action, version, operation);
      if (conflict !== undefined && action.kind === 'add' && pending.conflictScope?.confirmAdded) review.suspects.push({ add: action.value, conflict });
      else review.conflict = conflict;
    }
    if (review.conflict !== undefined) return;
  }
}

export async function commitOptimistically(
  context: TableContext,
  start: LoadedSnapshot,
  pending: PendingCommit,
  options: CommitOptions = {},
): Promise<CommitResult> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_COMMIT_ATTEMPTS;
  const txnId = randomUUID();
  let current = start;
  let ambiguousFailure: unknown;
  let version = current.snapshot.version + 1;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    version = current.snapshot.version + 1;
    const commitInfo: CommitInfoAction = {
      timestamp: Date.now(),
      operation: pending.operation,
      operationParameters: pending.operationParameters,
      readVersion: current.snapshot.version,
      isolationLevel: 'Serializable',
      isBlindAppend: pending.isBlindAppend,
      ...(pending.operationMetrics ? { operationMetrics: pending.operationMetrics } : {}),
      engineInfo: ENGINE_INFO,
      txnId,
    };
    const actions: DeltaAction[] = [{ kind: 'commitInfo', value: commitInfo }, ...pending.actions];
    const key = commitKey(version);
    try {
      await context.store.putIfAbsent(key, Buffer.from(serializeCommit(actions), 'utf8'));
      const written = await context.store.head(key).catch(() => undefined);
      const loaded = applyOwnCommit(context, current, version, actions, written?.lastModified ?? Date.now());
      return { status: 'committed', version, loaded, attempts: attempt };
    } catch (error) {
      // Anything but AlreadyExists leaves the outcome unknown: the log below tells.
      if (!(error instanceof AlreadyExistsError)) ambiguousFailure = error;
    }
    const review: WinnerReview = { ownVersion: undefined, conflict: undefined, baseChanged: false, suspects: [], mismatch: undefined, applied: new Map() };
    const next = await updateSnapshot(context, current, (commit, winners) => reviewWinner(context, review, commit.version, winners, txnId, pending));
    if (review.ownVersion !== undefined) return { status: 'committed', version: review.ownVersion, loaded: next, attempts: attempt };
    if (review.mismatch !== undefined) throw review.mismatch;
    const confirmAdded = pending.conflictScope?.confirmAdded;
    if (review.conflict === undefined && review.suspects.length > 0 && confirmAdded) {
      const adds = review.suspects.map((suspect) => suspect.add);
      const confirmed = new Set(await confirmAdded(adds).catch(() => adds));
      review.conflict = review.suspects.find((suspect) => confirmed.has(suspect.add))?.conflict;
    }
    if (review.conflict !== undefined) {
      throw review.baseChanged ? new MetadataChangedError(context.uri, version, review.conflict) : new CommitConflictError(context.uri, version, review.conflict);
    }
    if (review.applied.size > 0) {
      if (review.applied.size === pending.txnClaims.length) return { status: 'txn-already-applied', txns: [...review.applied.values()], loaded: next, attempts: attempt };
      const partly = [...review.applied.keys()].join(', ');
      throw new CommitConflictError(context.uri, version, `transactions ${partly} were committed concurrently, the others of this commit were not`);
    }
    if (next.snapshot.version >= version) ambiguousFailure = undefined;
    current = next;
    await sleep(Math.random() * Math.min(200, 10 * attempt));
  }
  if (ambiguousFailure !== undefined) throw new CommitOutcomeUnknownError(context.uri, version, { cause: ambiguousFailure });
  throw new CommitConflictError(context.uri, version, `gave up after ${maxAttempts} attempts: other writers kept committing first`);
}
