import { CommitConflictError, DeltaError, type DeltaTable } from '@music/delta';
import { deleteListenerRows, LISTENER_DELETE_ATTEMPTS } from './listener-rows-deletion';

/** A table whose DELETE meets `conflicts` concurrent commits holding the user's rows, then commits. */
function tableWithConflicts(conflicts: number, failure: (attempt: number) => Error = (attempt) => new CommitConflictError('file:///lake/silver', attempt, 'a concurrent append holds matching rows')) {
  const calls: unknown[] = [];
  const table = {
    async delete(predicate: unknown, options: unknown) {
      calls.push({ predicate, options });
      if (calls.length <= conflicts) throw failure(calls.length);
      return { status: 'committed', rowsDeleted: 3 };
    },
  };
  return { table: table as unknown as DeltaTable, calls };
}

describe('deleteListenerRows', () => {
  it('deletes again after a commit conflict, with the redacted predicate each time', async () => {
    const { table, calls } = tableWithConflicts(LISTENER_DELETE_ATTEMPTS - 1);
    const restarts: number[] = [];
    await expect(deleteListenerRows(table, ['u-1'], (attempt) => restarts.push(attempt))).resolves.toMatchObject({ status: 'committed', rowsDeleted: 3 });
    expect(calls).toHaveLength(LISTENER_DELETE_ATTEMPTS);
    expect(restarts).toEqual([1, 2, 3, 4]);
    expect(calls.every((call) => JSON.stringify(call) === JSON.stringify({ predicate: [{ column: 'user_id', op: '=', value: 'u-1' }], options: { redactPredicate: true } }))).toBe(true);
  });

  it('gives up after LISTENER_DELETE_ATTEMPTS conflicts, and at once on any other error', async () => {
    const conflicted = tableWithConflicts(LISTENER_DELETE_ATTEMPTS);
    await expect(deleteListenerRows(conflicted.table, ['u-1'])).rejects.toBeInstanceOf(CommitConflictError);
    expect(conflicted.calls).toHaveLength(LISTENER_DELETE_ATTEMPTS);
    const broken = tableWithConflicts(3, () => new DeltaError('file:///lake/silver', 'storage unreachable'));
    await expect(deleteListenerRows(broken.table, ['u-1'])).rejects.toThrow('storage unreachable');
    expect(broken.calls).toHaveLength(1);
  });

  it('deletes several listeners with one IN predicate, redacted too', async () => {
    const { table, calls } = tableWithConflicts(0);
    await deleteListenerRows(table, ['u-1', 'u-2']);
    expect(calls).toEqual([{ predicate: [{ column: 'user_id', op: 'in', values: ['u-1', 'u-2'] }], options: { redactPredicate: true } }]);
  });
});
