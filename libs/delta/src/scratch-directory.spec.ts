import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDeadScratchDirectories, withScratchDirectory } from './scratch-directory';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scratch-spec-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A node process that makes a scratch directory under `root` the way withScratchDirectory names it, then waits to be killed. */
function processHoldingScratch(): Promise<{ pid: number; kill: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const script = `
      const { mkdtempSync, writeFileSync } = require('node:fs');
      const dir = mkdtempSync(require('node:path').join(${JSON.stringify(root)}, 'music-scratch-' + process.pid + '-write-'));
      writeFileSync(dir + '/part-0.parquet', 'x'.repeat(1000));
      process.stdout.write('ready');
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout.once('data', () =>
      resolve({
        pid: child.pid as number,
        kill: () => new Promise<void>((done) => (child.once('exit', () => done()), child.kill('SIGKILL'))),
      }),
    );
  });
}

describe('scratch directories', () => {
  it('are named after the process and removed after the work, even when it fails', async () => {
    let seen = '';
    await withScratchDirectory('write', async (directory) => {
      seen = directory;
      expect(directory.startsWith(join(root, `music-scratch-${process.pid}-write-`))).toBe(true);
      writeFileSync(join(directory, 'f'), 'x');
    }, root);
    expect(existsSync(seen)).toBe(false);
    await expect(withScratchDirectory('write', async () => Promise.reject(new Error('boom')), root)).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
  });

  it('of a process killed with SIGKILL are swept; those of running processes and other files stay', async () => {
    const killed = await processHoldingScratch();
    const alive = await processHoldingScratch();
    try {
      await killed.kill();
      mkdirSync(join(root, `music-scratch-${process.pid}-append-abc`));
      mkdirSync(join(root, 'music-scratch-notapid-x'));
      writeFileSync(join(root, 'unrelated.txt'), 'keep');
      expect(readdirSync(root).filter((name) => name.startsWith(`music-scratch-${killed.pid}-`))).toHaveLength(1);

      const removed = await sweepDeadScratchDirectories(root);

      expect(removed).toHaveLength(1);
      expect(removed[0]?.startsWith(`music-scratch-${killed.pid}-write-`)).toBe(true);
      const left = readdirSync(root).sort();
      expect(left.some((name) => name.startsWith(`music-scratch-${alive.pid}-write-`))).toBe(true);
      expect(left).toEqual(expect.arrayContaining([`music-scratch-${process.pid}-append-abc`, 'music-scratch-notapid-x', 'unrelated.txt']));
      expect(left).toHaveLength(4);
    } finally {
      await alive.kill();
    }
  });
});
