import type { QueryConnections } from './query-connections';

/** What a copy needs of a table version: its name, version and a SELECT over exactly its files. */
export type CopiedVersion = { name: string; version: number; relation: string };

interface Copy {
  table: string;
  version: number;
  /** The in-memory table, quoted. */
  relation: string;
  ready: Promise<void>;
  /** Queries reading the copy now. */
  readers: number;
}

/**
 * Gold table versions copied once into in-memory tables of the query database. Gold tables are
 * small, and a query over a copy scans memory instead of opening every Parquet file of the
 * version and joining its partition values (the Delta scan). A copy holds exactly one version,
 * so a response computed from it is of that version and no other.
 *
 * A copy is dropped once a newer version of its table has been seen and no query reads it.
 * A query on a version whose copy is gone (its request resolved the version just before a newer
 * one replaced it) copies that version again rather than read another.
 */
export class GoldTableCopies {
  private readonly copies = new Map<string, Copy>();
  private readonly newest = new Map<string, number>();
  private readonly drops = new Set<Promise<void>>();
  private created = 0;

  constructor(private readonly connections: QueryConnections) {}

  /** Starts copying `view` if it is not copied yet (a new version), and drops what it supersedes. */
  prepare(view: CopiedVersion): void {
    this.seen(view);
    this.copyOf(view).ready.catch(() => undefined);
  }

  /** Runs `work` with the in-memory table of exactly `view`'s version, which stays until `work` settles. */
  async read<T>(view: CopiedVersion, work: (relation: string) => Promise<T>): Promise<T> {
    this.seen(view);
    const copy = this.copyOf(view);
    copy.readers++;
    try {
      await copy.ready;
      return await work(copy.relation);
    } finally {
      copy.readers--;
      this.dropIfUnused(copy);
    }
  }

  /** Resolves once the drops started so far are done. */
  async settled(): Promise<void> {
    await Promise.all([...this.drops]);
  }

  private copyOf(view: CopiedVersion): Copy {
    const key = `${view.name}@${view.version}`;
    const existing = this.copies.get(key);
    if (existing) return existing;
    // Unique per copy: a version copied again never meets its previous copy's pending DROP.
    const relation = `"${`${view.name}__v${view.version}__${++this.created}`.replaceAll('"', '""')}"`;
    const copy: Copy = {
      table: view.name,
      version: view.version,
      relation,
      ready: this.connections.run(`CREATE TABLE ${relation} AS ${view.relation}`).catch((error: unknown) => {
        if (this.copies.get(key) === copy) this.copies.delete(key);
        throw new Error(`cannot copy ${view.name} version ${view.version} into memory`, { cause: error });
      }),
      readers: 0,
    };
    this.copies.set(key, copy);
    return copy;
  }

  private seen(view: CopiedVersion): void {
    if ((this.newest.get(view.name) ?? -1) >= view.version) return;
    this.newest.set(view.name, view.version);
    for (const copy of this.copies.values()) if (copy.table === view.name) this.dropIfUnused(copy);
  }

  private dropIfUnused(copy: Copy): void {
    const key = `${copy.table}@${copy.version}`;
    if (copy.readers > 0 || copy.version >= (this.newest.get(copy.table) ?? -1) || this.copies.get(key) !== copy) return;
    this.copies.delete(key);
    const drop = copy.ready
      .then(
        () => this.connections.run(`DROP TABLE IF EXISTS ${copy.relation}`),
        () => undefined,
      )
      // A copy that cannot be dropped only holds memory until the database closes.
      .catch(() => undefined)
      .finally(() => this.drops.delete(drop));
    this.drops.add(drop);
  }
}
