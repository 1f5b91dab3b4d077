import { CommitConflictError, type DeltaTable, type ScanPredicate } from '@music/delta';

/** DELETE attempts: a concurrent commit holding the listeners' rows fails one, and the next sees them. */
export const LISTENER_DELETE_ATTEMPTS = 5;

/**
 * Deletes every row of these listeners from a table with a `user_id` column, recording the
 * predicate with its values redacted, so that the log never names them. A concurrent commit that
 * holds some of their rows makes it start again on the new version, up to
 * LISTENER_DELETE_ATTEMPTS times; `onConflict` hears of each such restart.
 */
export async function deleteListenerRows(table: DeltaTable, userIds: readonly string[], onConflict?: (attempt: number, error: CommitConflictError) => void) {
  const [only] = userIds;
  const predicate: ScanPredicate = userIds.length === 1 && only !== undefined ? { column: 'user_id', op: '=', value: only } : { column: 'user_id', op: 'in', values: [...userIds] };
  for (let attempt = 1; ; attempt++) {
    try {
      return await table.delete([predicate], { redactPredicate: true });
    } catch (error) {
      if (!(error instanceof CommitConflictError) || attempt >= LISTENER_DELETE_ATTEMPTS) throw error;
      onConflict?.(attempt, error);
    }
  }
}
