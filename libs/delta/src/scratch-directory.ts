import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary directories for files on their way to storage (Parquet before upload, checkpoint
 * parts, JSON lines for DuckDB). Each is named after the process that made it, so that the
 * directories of a process killed before it could clean up (kill -9, OOM) are found and removed
 * by the next process: a crash-looping ingest must not fill the disk.
 */

const PREFIX = 'music-scratch-';
const NAME = /^music-scratch-(\d+)-/;

/** Runs `work` in a fresh scratch directory of this process, removed afterwards. */
export async function withScratchDirectory<T>(purpose: string, work: (directory: string) => Promise<T>, root = tmpdir()): Promise<T> {
  const directory = await mkdtemp(join(root, `${PREFIX}${process.pid}-${purpose}-`));
  try {
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the scratch directories of processes no longer running; returns their names. */
export async function sweepDeadScratchDirectories(root = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || running(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

let sweep: Promise<string[]> | undefined;

/** sweepDeadScratchDirectories once per process, in the background of the first caller. */
export function sweepDeadScratchDirectoriesOnce(): Promise<string[]> {
  sweep ??= sweepDeadScratchDirectories().catch(() => []);
  return sweep;
}
