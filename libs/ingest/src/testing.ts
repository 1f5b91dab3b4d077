import type { DeadLetterRecord, DeadLetterSink } from './dead-letter';
import type { TxnClaim } from './partition-progress';
import { TxnConflictError, type TableAppender } from './table-appender';

/**
 * An in-memory table with Delta's txn semantics, for unit tests of the ingest logic: each
 * append checks every claim's expected version atomically, then records rows and versions.
 */
export class InMemoryTable<Row> implements TableAppender<Row> {
  readonly rows: Row[] = [];
  readonly txns = new Map<string, number>();
  version = -1;
  /** Called before an append is checked: lets a test slip in a competing commit. */
  beforeAppend: (() => void) | undefined;
  /** When set, the next append fails with this error before changing anything. */
  failNextAppend: Error | undefined;

  constructor(readonly name: string) {}

  async txnVersions(appIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const id of appIds) {
      const v = this.txns.get(id);
      if (v !== undefined) out.set(id, v);
    }
    return out;
  }

  async append(rows: readonly Row[], claims: readonly TxnClaim[]): Promise<{ version: number }> {
    this.beforeAppend?.();
    if (this.failNextAppend) {
      const error = this.failNextAppend;
      this.failNextAppend = undefined;
      throw error;
    }
    for (const claim of claims) {
      const actual = this.txns.get(claim.appId);
      if ((actual ?? -1) !== claim.expectedVersion) throw new TxnConflictError(this.name, claim.appId, claim.expectedVersion, actual);
    }
    this.rows.push(...rows);
    for (const claim of claims) this.txns.set(claim.appId, claim.version);
    this.version += 1;
    return { version: this.version };
  }

  async deleteUsers(userIds: readonly string[]): Promise<number> {
    const before = this.rows.length;
    const gone = new Set(userIds);
    const kept = this.rows.filter((row) => !gone.has(String((row as { user_id?: unknown }).user_id)));
    this.rows.splice(0, this.rows.length, ...kept);
    if (kept.length < before) this.version += 1;
    return before - kept.length;
  }
}

export class InMemoryDeadLetters implements DeadLetterSink {
  readonly records: DeadLetterRecord[] = [];
  async send(records: readonly DeadLetterRecord[]): Promise<void> {
    this.records.push(...records);
  }
}
