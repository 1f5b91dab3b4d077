import { CommitConflictError, DeltaError, type DeltaTable } from '@music/delta';
import { log } from './test-helpers/lake-fixture';
import { deleteUserRows, ERASE_ATTEMPTS } from './user-erasure';

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

describe('deleteUserRows', () => {
  it('deletes again after a commit conflict, with the redacted predicate each time', async () => {
    const { table, calls } = tableWithConflicts(ERASE_ATTEMPTS - 1);
    await expect(deleteUserRows(table, 'silver', 'u-1', log)).resolves.toMatchObject({ status: 'committed', rowsDeleted: 3 });
    expect(calls).toHaveLength(ERASE_ATTEMPTS);
    expect(calls.every((call) => JSON.stringify(call) === JSON.stringify({ predicate: [{ column: 'user_id', op: '=', value: 'u-1' }], options: { redactPredicate: true } }))).toBe(true);
  });

  it('gives up after ERASE_ATTEMPTS conflicts, and at once on any other error', async () => {
    const conflicted = tableWithConflicts(ERASE_ATTEMPTS);
    await expect(deleteUserRows(conflicted.table, 'silver', 'u-1', log)).rejects.toBeInstanceOf(CommitConflictError);
    expect(conflicted.calls).toHaveLength(ERASE_ATTEMPTS);
    const broken = tableWithConflicts(3, () => new DeltaError('file:///lake/silver', 'storage unreachable'));
    await expect(deleteUserRows(broken.table, 'silver', 'u-1', log)).rejects.toThrow('storage unreachable');
    expect(broken.calls).toHaveLength(1);
  });
});
