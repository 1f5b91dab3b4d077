import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, serviceEndpoint } from '@music/test-support';
import { chromium, type Browser } from 'playwright-core';

/**
 * `npm run demo`, headless and bounded: the real command, on the real local broker, until the
 * dashboard shows live data; then Ctrl-C, and nothing it started may be left running.
 */
const root = resolve(__dirname, '..', '..', '..');
const demoDir = mkdtempSync(join(tmpdir(), 'demo-int-'));


async function listening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** Processes whose environment names this test's demo folder: what the demo started. */
function processesOfThisDemo(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(demoDir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

describe('npm run demo (headless)', () => {
  let demo: ChildProcess;
  let output = '';
  let browser: Browser | undefined;
  const ports = { dashboard: 0, api: 0, ingest: 0 };

  let kafka: Record<string, string>;

  beforeAll(async () => {
    kafka = { KAFKA_BROKERS: (await serviceEndpoint('kafka', process.env)).brokers.join(',') };
    ports.dashboard = await freePort();
    ports.api = await freePort();
    ports.ingest = await freePort();
  });

  afterAll(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
    for (const pid of processesOfThisDemo()) process.kill(pid, 'SIGKILL');
  });

  it('starts everything, shows data fresher than 10 s on the dashboard, and stops cleanly on Ctrl-C', async () => {
    // What `npm run demo` runs once the workspace is installed (the bootstrap only adds `npm ci`).
    demo = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [
        join(root, 'tools/demo/src/main.ts'),
        '--fresh',
        '--days',
        '1',
        '--users',
        '300',
        '--rate',
        '20',
        '--watch',
        '3',
        '--duration',
        '8m',
        '--dashboard-port',
        String(ports.dashboard),
        '--api-port',
        String(ports.api),
        '--ingest-port',
        String(ports.ingest),
      ],
      { cwd: root, env: { ...process.env, ...kafka, DEMO_DIR: demoDir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    demo.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => demo.once('exit', (code) => resolveExit(code)));

    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setInterval(() => {
        const match = /Dashboard\s+(http:\/\/\S+?)\/?\n/.exec(output);
        if (match?.[1]) {
          clearInterval(timer);
          resolveUrl(match[1]);
        }
      }, 250);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`the demo exited (${code}) before printing the dashboard URL:\n${output.slice(-4000)}`));
      });
    });
    expect(url).toBe(`http://127.0.0.1:${ports.dashboard}`);

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const page = await browser.newPage();
    await page.goto(`${url}/en`);
    // The live tile polls the API every few seconds; the live producer keeps events flowing.
    const newest = page.getByTestId('live-newest');
    await newest.waitFor({ timeout: 60_000 });
    let seconds = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 20 && !(seconds < 10); attempt++) {
      const age = await newest.getAttribute('data-age-seconds');
      seconds = age === null || age === '' ? Number.POSITIVE_INFINITY : Number(age);
      if (!(seconds < 10)) await page.waitForTimeout(1000);
    }
    expect(seconds).toBeLessThan(10);
    expect(await newest.textContent()).toMatch(/\d/);
    const streams = Number(await page.getByTestId('kpi-value-streams').getAttribute('data-value'));
    expect(streams).toBeGreaterThan(0);
    await browser.close();
    browser = undefined;

    demo.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000))]);
    expect(code).toBe(0);
    expect(output).toMatch(/demo stopped; everything it started has exited/);
    for (const port of [ports.dashboard, ports.api, ports.ingest]) expect(await listening(port)).toBe(false);
    expect(processesOfThisDemo()).toEqual([]);
  }, 9 * 60_000);
});
