import { readCommitActions } from './commit-reader';
import { DeltaError, VersionNotFoundError } from './delta-errors';
import type { LogListing } from './log-listing';
import type { TableContext } from './table-context';

/**
 * Version of a table at a point in time. Without in-commit timestamps the protocol's commit time
 * is the modification time of the commit file (PROTOCOL.md, `_commit_timestamp` of change data);
 * like Delta on Spark, times are made strictly increasing with the version (a commit whose file
 * time is not after its predecessor's counts as predecessor + 1 ms), because clocks of writers
 * and storage servers are not monotonic. `commitInfo.timestamp` is the writer's clock and is not
 * used. Tables with in-commit timestamps are refused here (not implemented).
 */

export interface CommitTime {
  version: number;
  /** Epoch ms, monotonic-adjusted. */
  timestamp: number;
}

export function commitTimes(listing: LogListing): CommitTime[] {
  const times: CommitTime[] = [];
  for (const commit of listing.commits) {
    const previous = times.at(-1);
    const adjusted =
      previous && previous.version === commit.version - 1 && commit.lastModified <= previous.timestamp
        ? previous.timestamp + 1
        : commit.lastModified;
    times.push({ version: commit.version, timestamp: adjusted });
  }
  return times;
}

/** The latest version committed at or before `timestamp` (epoch ms). */
export async function versionAtTimestamp(context: TableContext, listing: LogListing, timestamp: number): Promise<number> {
  const times = commitTimes(listing);
  const last = listing.commits.at(-1);
  if (last) {
    const info = (await readCommitActions(context, last.key)).find((action) => action.kind === 'commitInfo');
    if (info?.kind === 'commitInfo' && info.value.inCommitTimestamp !== undefined) {
      throw new DeltaError(context.uri, 'time travel by timestamp is not implemented for tables with in-commit timestamps; travel by version');
    }
  }
  const first = times[0];
  if (!first) throw new VersionNotFoundError(context.uri, 'no commit file is left to date any version');
  if (timestamp < first.timestamp) {
    throw new VersionNotFoundError(
      context.uri,
      `${new Date(timestamp).toISOString()} is before the earliest available commit (version ${first.version} at ${new Date(first.timestamp).toISOString()})`,
    );
  }
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((times[middle] as CommitTime).timestamp <= timestamp) low = middle;
    else high = middle - 1;
  }
  return (times[low] as CommitTime).version;
}
