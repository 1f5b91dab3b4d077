import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBSession, type DeltaTable } from '@music/delta';
import { makePlayEvent } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { openObjectStore } from '@music/storage';
import { BRONZE_TABLE, openOrCreateTable, toBronzeRow } from '@music/tables';
import { maintainIngestTables } from './ingest-table-maintenance';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const log = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
let duckdb: DuckDBSession;
let root: string;
let bronze: DeltaTable;

beforeAll(async () => {
  duckdb = await DuckDBSession.create();
});
afterAll(async () => {
  await duckdb.close();
});
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'ingest-compaction-'));
  bronze = await openOrCreateTable(openObjectStore(`file://${root}/bronze`), BRONZE_TABLE, { duckdb });
});
afterEach(async () => {
  await bronze.close();
  rmSync(root, { recursive: true, force: true });
});

/** `files` one-row appends on `day`. */
async function appendFiles(day: string, files: number): Promise<void> {
  for (let i = 0; i < files; i++) {
    const event = makePlayEvent({ occurred_at: `${day}T08:00:0${i % 10}.000Z` });
    await bronze.append([toBronzeRow(event, { topic: 't', partition: 0, offset: String(i) }, new Date(NOW))]);
  }
}

function filesPerDay(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of bronze.snapshot().files) {
    const day = String(file.add.partitionValues['event_date']);
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}

describe('maintainIngestTables', () => {
  it('compacts closed days from two files, open days (yesterday, today) only from openPartitionMinFiles', async () => {
    await appendFiles('2026-11-20', 2);
    await appendFiles('2026-11-22', 3);
    await appendFiles('2026-11-23', 3);
    await appendFiles('2026-11-24', 4);
    const rows = (await bronze.scan()).sql;
    const before = await duckdb.rows(`SELECT count(*) AS n FROM (${rows})`);

    await maintainIngestTables([{ table: bronze, dateColumn: 'event_date' }], { now: NOW, openPartitionMinFiles: 4, log });

    expect(filesPerDay()).toEqual({ '2026-11-20': 1, '2026-11-22': 1, '2026-11-23': 3, '2026-11-24': 1 });
    expect(await duckdb.rows(`SELECT count(*) AS n FROM (${(await bronze.scan()).sql})`)).toEqual(before);

    await maintainIngestTables([{ table: bronze, dateColumn: 'event_date' }], { now: NOW, openPartitionMinFiles: 3, log });
    expect(filesPerDay()).toEqual({ '2026-11-20': 1, '2026-11-22': 1, '2026-11-23': 1, '2026-11-24': 1 });
  });

  it('deletes the log files of versions past the log retention, keeping the newest checkpoint and what follows', async () => {
    await appendFiles('2026-11-24', 12);
    const rows = await duckdb.rows(`SELECT count(*) AS n FROM (${(await bronze.scan()).sql})`);
    await maintainIngestTables([{ table: bronze, dateColumn: 'event_date' }], { now: NOW, openPartitionMinFiles: 100, log });
    const logFiles = () => readdirSync(join(root, 'bronze', '_delta_log')).filter((name) => /^\d{20}\./.test(name));
    expect(logFiles()).toHaveLength(14);

    await maintainIngestTables([{ table: bronze, dateColumn: 'event_date' }], { now: NOW, openPartitionMinFiles: 100, logRetentionHours: 0, log });

    expect(logFiles().map((name) => Number(name.slice(0, 20)))).toEqual([10, 10, 11, 12]);
    const reopened = await openOrCreateTable(openObjectStore(`file://${root}/bronze`), BRONZE_TABLE, { duckdb });
    expect(await duckdb.rows(`SELECT count(*) AS n FROM (${(await reopened.scan()).sql})`)).toEqual(rows);
    await reopened.close();
  });
});
