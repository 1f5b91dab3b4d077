import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serviceEndpoint } from '@music/test-support';

const ROOT = join(__dirname, '..', '..');

function kafkaTool(tool: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'infra', 'src', 'main.ts'), 'kafka-tool', tool, '--', ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe("Kafka's own perf tools from the infra jars (real broker)", () => {
  jest.setTimeout(180_000);

  it('runs kafka-producer-perf-test and kafka-consumer-perf-test against the local broker', async () => {
    const { brokers } = await serviceEndpoint('kafka', process.env);
    const bootstrap = brokers.join(',');
    const topic = `perf-check-${randomUUID()}`;
    const created = await kafkaTool('topics', ['--bootstrap-server', bootstrap, '--create', '--topic', topic, '--partitions', '6', '--replication-factor', '1']);
    expect(created.code).toBe(0);

    const produced = await kafkaTool('producer-perf', [
      '--bootstrap-server', bootstrap, '--topic', topic, '--num-records', '20000', '--record-size', '400',
      '--throughput', '-1', '--command-property', 'acks=all',
    ]);
    expect(produced.code).toBe(0);
    expect(produced.stdout).toMatch(/^20000 records sent, [\d.]+ records\/sec/m);

    const consumed = await kafkaTool('consumer-perf', [
      '--bootstrap-server', bootstrap, '--topic', topic, '--num-records', '20000', '--group', `perf-${randomUUID()}`,
      '--timeout', '60000', '--hide-header',
    ]);
    expect(consumed.code).toBe(0);
    // CSV: start, end, MB, MB/s, records, records/s, …; the tool exits 0 even when it times out short.
    const columns = consumed.stdout.trim().split('\n').pop()?.split(',').map((c) => c.trim()) ?? [];
    expect(Number(columns[4])).toBe(20000);

    await kafkaTool('topics', ['--bootstrap-server', bootstrap, '--delete', '--topic', topic]);
  });
});
