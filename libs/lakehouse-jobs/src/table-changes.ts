import { VersionNotFoundError, type DeltaTable, type LiveFile, type Snapshot } from '@music/delta';

export interface TableChanges {
  snapshot: Snapshot;
  /** Live files of `snapshot` that were not live at the base version (all of them without a base). */
  added: LiveFile[];
  /** Files live at the base version and no longer live (deleted or rewritten rows). */
  removed: LiveFile[];
  /**
   * False when the base version can no longer be read (its log was cleaned up past
   * `delta.logRetentionDuration`): `added` is then every live file and `removed` is empty, so a
   * caller must not trust it to name what was removed.
   */
  baseReadable: boolean;
}

/**
 * What changed in a table since `baseVersion`, by comparing the live files of both versions.
 * A file rewritten by OPTIMIZE shows up as removed + added: readers dedupe or recompute, so
 * correctness never depends on telling compaction from new data.
 */
export async function changesSince(table: DeltaTable, baseVersion: number | undefined): Promise<TableChanges> {
  const snapshot = await table.refresh();
  if (baseVersion === undefined || baseVersion < 0) return { snapshot, added: [...snapshot.files], removed: [], baseReadable: true };
  if (baseVersion === snapshot.version) return { snapshot, added: [], removed: [], baseReadable: true };
  const base = await table.snapshotAt({ version: baseVersion }).catch((error: unknown) => {
    if (error instanceof VersionNotFoundError) return undefined;
    throw error;
  });
  if (!base) return { snapshot, added: [...snapshot.files], removed: [], baseReadable: false };
  const before = new Set(base.files.map((f) => f.add.path));
  const after = new Set(snapshot.files.map((f) => f.add.path));
  return {
    snapshot,
    added: snapshot.files.filter((f) => !before.has(f.add.path)),
    removed: base.files.filter((f) => !after.has(f.add.path)),
    baseReadable: true,
  };
}

/** The distinct values of a partition column over some files, sorted. */
export function partitionValuesOf(files: readonly LiveFile[], column: string): string[] {
  const values = new Set<string>();
  for (const file of files) {
    const value = file.add.partitionValues[column];
    if (value !== undefined && value !== null) values.add(value);
  }
  return [...values].sort();
}
