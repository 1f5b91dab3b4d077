import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, Supervisor } from './supervisor';


/** Pids of the processes whose command line mentions `marker` (children included). */
function pidsWith(marker: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('Supervisor (real processes)', () => {
  jest.setTimeout(30_000);
  const runDir = mkdtempSync(join(tmpdir(), 'supervisor-'));
  const supervisor = new Supervisor(runDir, process.env);

  it('starts a detached process, records it, and is idempotent', () => {
    const marker = `sup-idem-${process.pid}`;
    const first = supervisor.start({ id: 'idem', command: 'sh', args: ['-c', `echo started ${marker}; exec sleep 300`] });
    const second = supervisor.start({ id: 'idem', command: 'sh', args: ['-c', 'exit 1'] });
    expect(second.pid).toBe(first.pid);
    expect(supervisor.state('idem').state).toBe('running');
    return supervisor.stop('idem').then((outcome) => {
      expect(outcome).toBe('stopped');
      expect(isAlive(first.pid)).toBe(false);
      expect(supervisor.tail('idem')).toContain(`started ${marker}`);
    });
  });

  it('stops the whole process group, leaving no orphan child', async () => {
    const marker = `sup-group-${process.pid}`;
    supervisor.start({ id: 'group', command: 'sh', args: ['-c', `sh -c "sleep 301; echo ${marker}" & sh -c "sleep 302; echo ${marker}" & wait`] });
    await new Promise((r) => setTimeout(r, 300));
    expect(pidsWith(marker).length).toBeGreaterThanOrEqual(2);
    expect(await supervisor.stop('group')).toBe('stopped');
    await new Promise((r) => setTimeout(r, 200));
    expect(pidsWith(marker)).toEqual([]);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const record = supervisor.start({ id: 'stubborn', command: 'sh', args: ['-c', "trap '' TERM; while true; do sleep 0.1; done"] });
    await new Promise((r) => setTimeout(r, 300));
    expect(await supervisor.stop('stubborn', 500)).toBe('killed');
    expect(isAlive(record.pid)).toBe(false);
  });

  it('treats a pid file whose process is gone, or corrupt, as stopped', async () => {
    const record = supervisor.start({ id: 'short', command: 'sh', args: ['-c', 'exit 0'] });
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(record.pid)).toBe(false);
    expect(supervisor.state('short').state).toBe('stopped');
    writeFileSync(join(runDir, 'pids', 'corrupt.json'), '{not json');
    expect(supervisor.state('corrupt').state).toBe('stopped');
    expect(await supervisor.stop('corrupt')).toBe('not-running');
  });
});
