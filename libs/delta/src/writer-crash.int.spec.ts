import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { serviceEndpoint } from '@music/test-support';
import { z } from 'zod';
import { DeltaTable } from './delta-table';
import { DuckDBSession } from './duckdb-session';
import { localTable, minioTable, type BackendTable } from './test-helpers/int-backends';
import { createEventsTable, rowLine, rowMultiset, type EventRow } from './test-helpers/table-fixture';
import { temporaryDirectory, type TemporaryDirectory } from './test-helpers/temporary-stores';

/**
 * A writer process SIGKILLed after uploading its data files and before writing its commit (the
 * hook is in the child's script, not in the library): the table stays readable and unchanged,
 * other writers go on, and VACUUM later deletes the orphaned files once they are old enough.
 */

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
const WRITER_SCRIPT = join(__dirname, 'test-helpers', 'writer-halting-before-commit.ts');
const haltedLine = z.object({ halted: z.literal(true), uploaded: z.array(z.string()) });

/** Runs the halting writer, waits until it reports its uploads, SIGKILLs it; returns the uploaded keys. */
function killWriterBeforeCommit(backend: BackendTable, rows: readonly EventRow[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // One process (node with tsx's loader), so that SIGKILL hits the writer itself.
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER_SCRIPT, JSON.stringify({ uri: backend.store.uri, storageOptions: backend.storageOptions, rows })], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let uploaded: string[] | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line === undefined || uploaded !== undefined) return;
      const parsed = haltedLine.safeParse(JSON.parse(line));
      if (!parsed.success) return reject(new Error(`unexpected line from the writer: ${line}`));
      uploaded = parsed.data.uploaded;
      child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && uploaded !== undefined) resolve(uploaded);
      else reject(new Error(`the writer ended with code ${code}, signal ${signal} before halting: ${stderr.slice(-2000)}`));
    });
  });
}

describe.each<[string, () => Promise<BackendTable>]>([
  ['local disk', () => localTable('crash')],
  ['MinIO (s3://)', async () => minioTable(await serviceEndpoint('minio', process.env), 'crash')],
])('a writer killed before its commit, on %s', (_name, openBackend) => {
  let backend: BackendTable | undefined;
  let duckdb: DuckDBSession;
  let cache: TemporaryDirectory;

  beforeAll(async () => {
    backend = await openBackend();
    duckdb = await DuckDBSession.create();
    cache = await temporaryDirectory('crash-cache');
  });

  afterAll(async () => {
    await backend?.remove();
    await duckdb?.close();
    await cache?.remove();
  });

  it('leaves the table readable and unchanged; VACUUM deletes its orphaned files', async () => {
    const location = backend as BackendTable;
    const table = await createEventsTable(location.store, duckdb);
    const committed: EventRow[] = [{ user_id: 'u1', track: 'a', seconds: 1, day: '2024-03-01' }];
    await table.append(committed);
    const logBefore = (await location.store.list('_delta_log/')).map((meta) => meta.key);

    const lost: EventRow[] = [
      { user_id: 'lost', day: '2024-03-01' },
      { user_id: 'lost', day: '2024-03-02' },
      { user_id: 'lost', day: '2024-03-03' },
    ];
    const uploaded = await killWriterBeforeCommit(location, lost);
    expect(uploaded).toHaveLength(3);
    expect(await Promise.all(uploaded.map(async (key) => (await location.store.head(key)) !== undefined))).toEqual([true, true, true]);
    expect((await location.store.list('_delta_log/')).map((meta) => meta.key)).toEqual(logBefore);

    const reader = await DeltaTable.open(location.reopen(), { duckdb, cacheDirectory: cache.path });
    expect(reader.snapshot().version).toBe(1);
    expect(await rowMultiset(reader)).toEqual(committed.map(rowLine));
    const next: EventRow = { user_id: 'u2', day: '2024-03-02' };
    expect(await reader.append([next])).toMatchObject({ status: 'committed', version: 2 });

    // Young orphans are kept (their writer might still commit); past the retention they go.
    const kept = await reader.vacuum({ dryRun: true });
    expect(kept.files).toEqual([]);
    // The writer is known dead: its uploads need not wait the hour an upload about to be committed gets.
    const vacuumed = await reader.vacuum({ retentionHours: 0, force: true, orphanMinAgeHours: 0 });
    expect(vacuumed.files.map((file) => [file.key, file.reason]).sort()).toEqual(uploaded.map((key) => [key, 'orphan']).sort());
    expect(await Promise.all(uploaded.map((key) => location.store.head(key)))).toEqual([undefined, undefined, undefined]);
    expect(await rowMultiset(await DeltaTable.open(location.reopen(), { duckdb, cacheDirectory: cache.path }))).toEqual([...committed, next].map(rowLine).sort());
  });
});
