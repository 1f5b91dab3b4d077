import type { AddAction, DeltaAction, RemoveAction } from './actions';
import { AppendOnlyTableError, DeltaError } from './delta-errors';
import { writeQueryDataFile, type WrittenDataFile } from './parquet-writer';
import { fileKeys, removeAction } from './remove-actions';
import { filesSql, SOURCE_FILE_COLUMN } from './scan';
import { fileMayMatch, predicateSql, typePredicates, type ScanPredicate, type TypedPredicate } from './scan-filter';
import { toLiveFile, type LiveFile, type LoadedSnapshot, type Snapshot } from './snapshot';
import { sqlIdentifier } from './sql-literals';
import type { TableContext } from './table-context';
import { isAppendOnly } from './table-properties';
import { assertTableWritable, commitWrittenFiles } from './transaction';

/**
 * DELETE WHERE <conjunction of predicates>, copy-on-write (the tables have no deletion vectors):
 * files that cannot hold a matching row (partition values, min/max statistics) are not read;
 * the others are counted with one DuckDB query per chunk; a file whose rows all match is just
 * removed, a file with some matching rows is rewritten without them (one new file in the same
 * partition), and files without a match stay untouched. One commit removes and adds the files
 * (`dataChange: true`). A concurrent commit that removes one of these files, or adds a file that
 * holds matching rows (statistics first, then its rows), is a conflict: after a DELETE commits,
 * its version has no matching row.
 */

export interface DeleteOptions {
  maxCommitAttempts?: number;
  /**
   * Record the predicate in commitInfo with `?` for its values: the log outlives VACUUM, so a
   * DELETE erasing a person must not write their identifier into it.
   */
  redactPredicate?: boolean;
}

export interface DeleteMetrics {
  rowsDeleted: number;
  /** Files removed because every row matched. */
  filesRemoved: number;
  /** Files rewritten without the matching rows (each replaced by one new file). */
  filesRewritten: number;
  /** Files added (the rewrites). */
  filesAdded: number;
  /** Rows copied into the rewritten files. */
  rowsCopied: number;
  /** Files whose rows were read (candidates after pruning). */
  filesScanned: number;
  /** Files left out by partition pruning and statistics. */
  filesSkipped: number;
}

export type DeleteResult =
  | ({ status: 'committed'; version: number; attempts: number; removed: readonly RemoveAction[]; added: readonly AddAction[] } & DeleteMetrics)
  /** No row matched: nothing was written. */
  | ({ status: 'no-match'; version: number } & DeleteMetrics);

const COUNT_CHUNK_FILES = 64;

interface FileMatch {
  file: LiveFile;
  total: number;
  matched: number;
}

function fileTotal(file: LiveFile): number | undefined {
  return file.stats?.numRecords;
}

/** Rows of each candidate file, and how many match; files without a match are left out. */
async function countMatches(context: TableContext, snapshot: Snapshot, candidates: readonly LiveFile[], predicates: readonly TypedPredicate[]): Promise<FileMatch[]> {
  const partitionColumns = new Set(snapshot.partitionColumns);
  const partitionOnly = predicates.every((predicate) => partitionColumns.has(predicate.column));
  const uncounted = partitionOnly ? candidates.filter((file) => fileTotal(file) === undefined) : candidates;
  const matches: FileMatch[] = partitionOnly
    ? candidates.filter((file) => fileTotal(file) !== undefined).map((file) => ({ file, total: fileTotal(file) as number, matched: fileTotal(file) as number }))
    : [];
  const columnNames = [...new Set(predicates.map((predicate) => predicate.column))];
  const columns = snapshot.schema.fields.filter((field) => columnNames.includes(field.name));
  const source = sqlIdentifier(SOURCE_FILE_COLUMN);
  for (let start = 0; start < uncounted.length; start += COUNT_CHUNK_FILES) {
    const chunk = uncounted.slice(start, start + COUNT_CHUNK_FILES);
    const query = await filesSql(context, snapshot, chunk, columns, { sourceFile: true });
    const rows = await context.duckdb.rows(
      `SELECT ${source} AS source, count(*) AS total, count(*) FILTER (WHERE ${predicateSql(predicates)}) AS matched FROM (${query.sql}) GROUP BY ${source}`,
    );
    const byPath = new Map(query.paths.map((path, index) => [path, chunk[index] as LiveFile]));
    for (const row of rows) {
      const file = byPath.get(String(row['source']));
      if (!file) throw new DeltaError(context.uri, `DELETE: DuckDB reported rows of an unexpected file ${String(row['source'])}`);
      const matched = Number(row['matched']);
      if (matched > 0) matches.push({ file, total: Number(row['total']), matched });
    }
  }
  return matches;
}

async function rewriteWithout(context: TableContext, snapshot: Snapshot, match: FileMatch, predicates: readonly TypedPredicate[]): Promise<WrittenDataFile> {
  const query = await filesSql(context, snapshot, [match.file], snapshot.schema.fields);
  const partitionColumns = new Set(snapshot.partitionColumns);
  const projection = snapshot.schema.fields
    .filter((field) => !partitionColumns.has(field.name))
    .map((field) => sqlIdentifier(field.name))
    .join(', ');
  const written = await writeQueryDataFile(
    context,
    snapshot,
    `SELECT ${projection} FROM (${query.sql}) WHERE (${predicateSql(predicates)}) IS NOT TRUE`,
    match.file.add.partitionValues,
    { dataChange: true },
  );
  const expected = match.total - match.matched;
  if (written?.rows !== expected) {
    if (written) await context.store.delete(written.key);
    throw new DeltaError(context.uri, `DELETE: rewriting ${match.file.add.path} kept ${written?.rows ?? 0} rows where ${expected} were expected; nothing was committed`);
  }
  return written;
}

export async function deleteRows(
  context: TableContext,
  loaded: LoadedSnapshot,
  predicate: readonly ScanPredicate[],
  options: DeleteOptions = {},
): Promise<{ result: DeleteResult; loaded: LoadedSnapshot }> {
  const { snapshot } = loaded;
  assertTableWritable(context, snapshot);
  if (predicate.length === 0) throw new DeltaError(context.uri, 'DELETE needs at least one predicate (to empty the table, overwrite it with no rows)');
  const predicates = typePredicates(snapshot.schema, predicate);
  if (isAppendOnly(snapshot.configuration)) throw new AppendOnlyTableError(context.uri, 'DELETE');
  const partitionColumns = new Set(snapshot.partitionColumns);
  const candidates = snapshot.files.filter((file) => fileMayMatch(file, predicates, partitionColumns));
  const matches = await countMatches(context, snapshot, candidates, predicates);
  const whole = matches.filter((match) => match.matched === match.total);
  const partial = matches.filter((match) => match.matched < match.total);
  const metrics: DeleteMetrics = {
    rowsDeleted: matches.reduce((total, match) => total + match.matched, 0),
    filesRemoved: whole.length,
    filesRewritten: partial.length,
    filesAdded: partial.length,
    rowsCopied: partial.reduce((total, match) => total + match.total - match.matched, 0),
    filesScanned: candidates.length,
    filesSkipped: snapshot.files.length - candidates.length,
  };
  if (matches.length === 0) return { result: { status: 'no-match', version: snapshot.version, ...metrics }, loaded };

  const written: WrittenDataFile[] = [];
  try {
    for (const match of partial) written.push(await rewriteWithout(context, snapshot, match, predicates));
  } catch (error) {
    await Promise.allSettled(written.map((file) => context.store.delete(file.key)));
    throw error;
  }
  const now = Date.now();
  const removedFiles = matches.map((match) => match.file);
  const removed = removedFiles.map((file) => removeAction(file, { dataChange: true, deletionTimestamp: now }));
  const added = written.map((file) => file.add);
  const actions: DeltaAction[] = [
    ...removed.map((value) => ({ kind: 'remove' as const, value })),
    ...added.map((value) => ({ kind: 'add' as const, value })),
  ];
  const mayMatch = (add: AddAction): boolean => {
    try {
      return fileMayMatch(toLiveFile(context, add, snapshot.schema, snapshot.partitionColumns, 'a concurrent commit'), predicates, partitionColumns);
    } catch {
      return true;
    }
  };
  // A concurrent append conflicts only when it holds matching rows: files of personal columns have
  // no statistics, so without reading them every concurrent ingest commit would fail an erasure.
  const confirmAdded = async (adds: readonly AddAction[]): Promise<readonly AddAction[]> => {
    const files = adds.map((add) => toLiveFile(context, add, snapshot.schema, snapshot.partitionColumns, 'a concurrent commit'));
    const holding = new Set((await countMatches(context, snapshot, files, predicates)).map((match) => match.file));
    return adds.filter((_add, index) => holding.has(files[index] as LiveFile));
  };
  const outcome = await commitWrittenFiles(
    context,
    loaded,
    written,
    {
      operation: 'DELETE',
      operationParameters: { predicate: predicateSql(predicates, { redactValues: options.redactPredicate === true }) },
      operationMetrics: {
        numDeletedRows: String(metrics.rowsDeleted),
        numRemovedFiles: String(removed.length),
        numAddedFiles: String(added.length),
        numCopiedRows: String(metrics.rowsCopied),
      },
      actions,
      isBlindAppend: false,
      txnClaims: [],
      conflictScope: { removedFiles: fileKeys(context, removedFiles), readsAdded: mayMatch, confirmAdded },
    },
    options.maxCommitAttempts,
  );
  if (outcome.status !== 'committed') throw new DeltaError(context.uri, 'DELETE: unexpected commit outcome without transactions');
  return {
    result: { status: 'committed', version: outcome.version, attempts: outcome.attempts, removed, added, ...metrics },
    loaded: outcome.loaded,
  };
}
