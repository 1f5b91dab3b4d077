import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcesses, type ChildSpec } from './child-processes';

const dir = mkdtempSync(join(tmpdir(), 'demo-children-'));
const node = (name: string, script: string): ChildSpec => ({ name, command: process.execPath, args: ['-e', script], env: process.env, cwd: dir, logFile: join(dir, `${name}.log`) });
/** Running, and not a zombie (an orphan nobody reaps still answers kill 0 in a container). */
const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('ChildProcesses', () => {
  it('runs a program to its end and reports a failure with the end of its log', async () => {
    const children = new ChildProcesses();
    await children.run(node('ok', 'console.log("fine")'));
    expect(readFileSync(join(dir, 'ok.log'), 'utf8')).toBe('fine\n');
    await expect(children.run(node('bad', 'console.error("broker unreachable"); process.exit(3)'))).rejects.toThrow(/bad failed \(exit 3\); last lines of .*bad\.log:\nbroker unreachable/);
  });

  it('stops programs last-started first, SIGTERM first, and kills what ignores it', async () => {
    const children = new ChildProcesses();
    const order: string[] = [];
    const polite = children.start(node('polite', 'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000)'));
    const stubborn = children.start(node('stubborn', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'));
    await new Promise((r) => setTimeout(r, 300));
    const exits = await children.stopAll(500, (name) => order.push(name));
    expect(order).toEqual(['stubborn', 'polite']);
    expect(exits.map((e) => [e.name, e.code, e.signal])).toEqual([
      ['stubborn', null, 'SIGKILL'],
      ['polite', 0, null],
    ]);
    expect(isAlive(polite.pid) || isAlive(stubborn.pid)).toBe(false);
  });

  it('stops the helpers a program started in its process group', async () => {
    const children = new ChildProcesses();
    const pidFile = join(dir, 'grandchild.pid');
    children.start(
      node('parent', `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`),
    );
    for (let i = 0; i < 50 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(grandchild)).toBe(true);
    await children.stopAll(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('tells which long-running program died on its own', async () => {
    const children = new ChildProcesses();
    children.start(node('steady', 'setInterval(() => {}, 1000)'));
    children.start(node('crashing', 'setTimeout(() => process.exit(7), 200)'));
    const exit = await children.firstUnexpectedExit();
    expect(exit).toMatchObject({ name: 'crashing', code: 7 });
    await children.stopAll(1000);
  });
});
