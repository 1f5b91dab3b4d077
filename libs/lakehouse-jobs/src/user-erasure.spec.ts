import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUARANTINE_TABLE, SILVER_TABLE, BRONZE_TABLE, toQuarantineRow } from '@music/tables';
import { openIfExists, openOrCreate } from './lake';
import { refreshLake } from './refresh-run';
import { appendBronze, goldContents, log, makeEvent, newLake } from './test-helpers/lake-fixture';
import { eraseUser } from './user-erasure';
import { readCatalog } from './table-catalog';

jest.setTimeout(180_000);

function parquetFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return parquetFiles(path);
    return name.endsWith('.parquet') && !path.includes('_delta_log') ? [path] : [];
  });
}

describe('eraseUser', () => {
  it('removes a listener from every table and data file; gold equals a rebuild without them', async () => {
    const erased = await newLake();
    const without = await newLake();
    const events = Array.from({ length: 400 }, (_, i) => makeEvent(i % 4, i));
    const victim = events[3]?.user_id ?? 'user-3';
    await appendBronze(erased, events, 0);
    await appendBronze(without, events.filter((e) => e.user_id !== victim), 0);
    const quarantine = await openOrCreate(erased, QUARANTINE_TABLE);
    const rejected = Buffer.from(JSON.stringify({ user_id: victim, country: 'ZZ' }));
    await quarantine.append([toQuarantineRow(rejected, [{ path: 'country', expected: 'a country', received: '"ZZ"', message: 'country' }], { topic: 't', partition: 0, offset: '999' }, new Date())]);
    await quarantine.close();
    await refreshLake(erased, { log });
    await refreshLake(without, { full: true, log });

    const report = await eraseUser(erased, { userId: victim, retentionHours: 0, forceRetention: true, log });
    const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
    expect(byTable[BRONZE_TABLE.name]?.rowsDeleted).toBe(events.filter((e) => e.user_id === victim).length);
    expect(byTable[SILVER_TABLE.name]?.rowsDeleted).toBe(events.filter((e) => e.user_id === victim).length);
    expect(byTable[QUARANTINE_TABLE.name]?.rowsDeleted).toBe(1);
    expect(report.tables.reduce((n, t) => n + t.filesVacuumed, 0)).toBeGreaterThan(0);

    // No data file of the lake holds the user any more, whatever version referenced it.
    const files = parquetFiles(fileURLToPath(erased.uri));
    const hits = await erased.duckdb.rows(
      `SELECT count(*) AS n FROM read_parquet([${files.map((f) => `'${f}'`).join(', ')}], union_by_name = true) AS row_data WHERE contains(CAST(row_data AS VARCHAR), '${victim}')`,
    );
    expect(hits).toEqual([{ n: 0n }]);
    for (const definition of [BRONZE_TABLE, SILVER_TABLE]) {
      const table = await openIfExists(erased, definition);
      const plan = await table?.scan({ columns: ['user_id'] });
      expect(await erased.duckdb.rows(`SELECT * FROM (${plan?.sql}) WHERE user_id = '${victim}'`)).toEqual([]);
      await table?.close();
    }
    expect(await goldContents(erased)).toEqual(await goldContents(without));
    await Promise.all([erased.duckdb.close(), without.duckdb.close()]);
  });
});

describe('readCatalog', () => {
  it('lists every table with its location, schema, version and rows', async () => {
    const lake = await newLake();
    await appendBronze(lake, Array.from({ length: 50 }, (_, i) => makeEvent(0, i)), 0);
    await refreshLake(lake, { log });
    const catalog = await readCatalog(lake);
    const bronze = catalog.find((e) => e.name === BRONZE_TABLE.name);
    expect(bronze).toMatchObject({ layer: 'bronze', version: 1, rows: 50, partitionColumns: ['event_date'] });
    expect(bronze?.location).toBe(`${lake.uri}/bronze/listening_events`);
    expect(catalog.find((e) => e.name === QUARANTINE_TABLE.name)?.version).toBeUndefined();
    expect(catalog.filter((e) => e.layer === 'gold').every((e) => e.version !== undefined && e.lastUpdated !== undefined)).toBe(true);
    expect(catalog.find((e) => e.name === SILVER_TABLE.name)?.columns.map((c) => c.name)).toContain('hour_bucket');
    await lake.duckdb.close();
  });
});
