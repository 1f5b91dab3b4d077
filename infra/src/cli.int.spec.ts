import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from './supervisor';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real infra CLI in a child process with the given extra environment. */
function cli(args: string[], env: Record<string, string>, pathOverride?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'infra', 'src', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, ...(pathOverride ? { PATH: pathOverride } : {}) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen();
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}


describe('infra CLI (real processes)', () => {
  jest.setTimeout(180_000);
  const runDir = mkdtempSync(join(tmpdir(), 'infra-cli-'));

  // Whatever a failing test may have started under this run directory is stopped.
  afterAll(async () => {
    await cli(['down'], { INFRA_RUN_DIR: runDir });
  });

  it('refuses to start a service whose port is taken, naming the port and the variable', async () => {
    const blocker = await listen();
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = await cli(['up', 'minio'], { INFRA_RUN_DIR: runDir, INFRA_MINIO_PORT: String(port), INFRA_MINIO_CONSOLE_PORT: String(await freePort()) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Port ${port} (MinIO S3 API) on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain('INFRA_MINIO_PORT=<port>');
    } finally {
      blocker.close();
    }
  });

  it('says which tool is missing when Java is not installed', async () => {
    const ports = { INFRA_KAFKA_PORT: String(await freePort()), INFRA_KAFKA_CONTROLLER_PORT: String(await freePort()) };
    // A PATH holding node alone: java, mvn and go are nowhere to be found.
    const binDir = mkdtempSync(join(tmpdir(), 'node-only-'));
    symlinkSync(process.execPath, join(binDir, 'node'));
    const run = await cli(['up', 'kafka'], { INFRA_RUN_DIR: runDir, ...ports }, binDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Java 17 or newer is needed for the local Kafka broker, but `java` was not found on PATH');
  });

  it('rejects a bad setting, naming the variable and its value', async () => {
    const run = await cli(['status'], { INFRA_RUN_DIR: runDir, INFRA_KAFKA_PORT: 'abc' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('INFRA_KAFKA_PORT="abc": expected a TCP port number');
  });

  it('starts MinIO idempotently and stops it with no process left behind', async () => {
    const env = { INFRA_RUN_DIR: runDir, INFRA_MINIO_PORT: String(await freePort()), INFRA_MINIO_CONSOLE_PORT: String(await freePort()) };
    try {
      const first = await cli(['up', 'minio'], env);
      expect(first.stderr).not.toContain('error');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/minio\s+healthy\s+minio pid \d+/);
      const pid = Number(/minio pid (\d+)/.exec(first.stdout)?.[1]);
      expect(isAlive(pid)).toBe(true);

      const endpoints = JSON.parse(readFileSync(join(runDir, 'endpoints.json'), 'utf8')) as Record<string, string>;
      expect(endpoints['S3_ENDPOINT']).toBe(`http://127.0.0.1:${env.INFRA_MINIO_PORT}`);
      expect((await fetch(`${endpoints['S3_ENDPOINT']}/minio/health/ready`)).status).toBe(200);

      const second = await cli(['up', 'minio'], env);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('MinIO already running');
      expect(Number(/minio pid (\d+)/.exec(second.stdout)?.[1])).toBe(pid);

      const down = await cli(['down', 'minio'], env);
      expect(down.code).toBe(0);
      expect(isAlive(pid)).toBe(false);
      expect((await cli(['status'], env)).stdout).toMatch(/minio\s+stopped/);
    } finally {
      await cli(['down', 'minio'], env);
    }
  });

  it('resets a stopped service to empty, and refuses while it runs', async () => {
    const resetDir = mkdtempSync(join(tmpdir(), 'infra-reset-'));
    const env = { INFRA_RUN_DIR: resetDir, INFRA_MINIO_PORT: String(await freePort()), INFRA_MINIO_CONSOLE_PORT: String(await freePort()) };
    const data = join(resetDir, 'minio');
    try {
      expect((await cli(['up', 'minio'], env)).code).toBe(0);
      const refused = await cli(['reset', 'minio'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: minio is running \(minio pid \d+\): stop it first with `npm run infra:down -- minio`\. Nothing was deleted\.\n$/);
      expect(existsSync(data)).toBe(true);

      expect((await cli(['down', 'minio'], env)).code).toBe(0);
      const reset = await cli(['reset', 'minio'], env);
      expect(reset.code).toBe(0);
      expect(reset.stdout.startsWith(`minio: deleted ${data} (`)).toBe(true);
      expect(reset.stdout).toMatch(/\((\d+ B|\d+\.\d (KB|MB))\)\n$/);
      expect(existsSync(data)).toBe(false);
      expect((await cli(['reset', 'minio'], env)).stdout).toBe(`minio: nothing to delete (${data} does not exist)\n`);

      const again = await cli(['up', 'minio'], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/minio\s+healthy/);
    } finally {
      await cli(['down', 'minio'], env);
    }
  });
});
