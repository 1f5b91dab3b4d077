import type { DeltaTable } from '@music/delta';
import { userIdDigest } from '@music/tables';

/**
 * The listeners erased under the GDPR, as the ingest checks them record by record. A batch
 * judged before an erasure was registered, and committed after the erasure's DELETE, would keep
 * rows of the erased listener: so each batch notes whom it wrote, and the next refresh names
 * those the register has covered since, for the ingest to delete.
 */
export interface ErasedListeners {
  /**
   * Brings the list up to date; called once per batch, before its records are judged. Returns
   * the users the previous batch wrote whom the list now covers (usually none).
   */
  refresh(): Promise<string[]>;
  /** The users a committed batch wrote, with the earliest time of their events (undefined: a quarantined record). */
  wrote(users: ReadonlyMap<string, string | undefined>): void;
  /**
   * Whether a record of this user must be kept out of the lake: the user was erased, and the
   * event occurred at or before the erasure (`occurredAt`, an ISO-8601 instant, undefined for a
   * record whose time cannot be trusted: kept out whenever the user was erased).
   */
  covers(userId: string, occurredAt: string | undefined): boolean;
}

/** Digests kept per user_id between two changes of the register (listeners repeat within and across batches). */
const MAX_CACHED_DIGESTS = 100_000;

/** The register of erased listeners (a Delta table of user_id SHA-256 and erasure time), read again when it changes. */
export class DeltaErasedListeners implements ErasedListeners {
  private version = -1;
  private erasedAt = new Map<string, number>();
  private readonly digests = new Map<string, string>();
  private lastWritten: ReadonlyMap<string, string | undefined> = new Map();

  constructor(private readonly table: DeltaTable) {}

  wrote(users: ReadonlyMap<string, string | undefined>): void {
    this.lastWritten = users;
  }

  async refresh(): Promise<string[]> {
    const written = this.lastWritten;
    this.lastWritten = new Map();
    const snapshot = await this.table.refresh();
    if (snapshot.version === this.version) return [];
    const erasedAt = new Map<string, number>();
    if (snapshot.files.length > 0) {
      const plan = await this.table.scan({ snapshot, columns: ['user_id_sha256', 'erased_at'] });
      const rows = await this.table.duckdb.rows(`SELECT user_id_sha256, epoch_ms(max(erased_at)) AS erased_at_ms FROM (${plan.sql}) GROUP BY 1`);
      for (const row of rows) erasedAt.set(String(row['user_id_sha256']), Number(row['erased_at_ms']));
    }
    this.erasedAt = erasedAt;
    this.version = snapshot.version;
    return [...written].filter(([userId, occurredAt]) => this.covers(userId, occurredAt)).map(([userId]) => userId);
  }

  covers(userId: string, occurredAt: string | undefined): boolean {
    if (this.erasedAt.size === 0) return false;
    let digest = this.digests.get(userId);
    if (digest === undefined) {
      if (this.digests.size >= MAX_CACHED_DIGESTS) this.digests.clear();
      digest = userIdDigest(userId);
      this.digests.set(userId, digest);
    }
    const erasedAt = this.erasedAt.get(digest);
    return erasedAt !== undefined && (occurredAt === undefined || Date.parse(occurredAt) <= erasedAt);
  }
}
