import { deletionVectorUniqueId, type RemoveAction } from './actions';
import type { LiveFile } from './snapshot';
import type { TableContext } from './table-context';

/** `remove` actions for live files, and the keys that identify them in conflict checks. */

export function removeAction(file: LiveFile, options: { dataChange: boolean; deletionTimestamp: number }): RemoveAction {
  const { add } = file;
  return {
    path: add.path,
    deletionTimestamp: options.deletionTimestamp,
    dataChange: options.dataChange,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    ...(add.stats === undefined ? {} : { stats: add.stats }),
    ...(add.tags === undefined ? {} : { tags: add.tags }),
  };
}

/** Reconciliation keys (decoded path + deletion vector id) of `files`. */
export function fileKeys(context: TableContext, files: readonly LiveFile[]): Set<string> {
  return new Set(
    files.map((file) => context.paths.fileKey(file.add.path, file.add.deletionVector ? deletionVectorUniqueId(file.add.deletionVector) : undefined)),
  );
}
