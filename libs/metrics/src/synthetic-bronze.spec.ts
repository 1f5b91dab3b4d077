import { BRONZE_COLUMNS } from '@music/tables';
import { DUCKDB_TYPES } from './input-relation';
import { computeSilver } from './silver-transform';
import { createSyntheticBronze } from './synthetic-bronze';
import { openTestDuckDB, readRows } from './test-helpers/duckdb-test-session';

// DuckDB work on a shared 2-core machine: generous, still bounded.
jest.setTimeout(30_000);

describe('createSyntheticBronze', () => {
  it('generates bronze rows of the contract, deterministic for a seed, with the asked share of duplicates', async () => {
    const db = await openTestDuckDB();
    try {
      await createSyntheticBronze(db.connection, 'a', { events: 20_000, startDay: '2025-03-01', days: 10, seed: 3, duplicatePercent: 5 });
      await createSyntheticBronze(db.connection, 'b', { events: 20_000, startDay: '2025-03-01', days: 10, seed: 3, duplicatePercent: 5 });
      const described = await readRows(db.connection, `SELECT column_name, column_type FROM (DESCRIBE a)`);
      expect(described).toEqual(BRONZE_COLUMNS.map((column) => ({ column_name: column.name, column_type: DUCKDB_TYPES[column.type] })));
      const [stats] = await readRows(
        db.connection,
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids, min(event_date) AS first, max(event_date) AS last, (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) AS differ FROM a`,
      );
      expect(stats).toMatchObject({ ids: 20_000, first: '2025-03-01', last: '2025-03-10', differ: 0 });
      expect(stats?.['n']).toBeGreaterThan(20_600);
      expect(stats?.['n']).toBeLessThan(21_400);
      await expect(computeSilver(db.connection, { bronze: 'a', into: 'silver' })).resolves.toMatchObject({ rows: 20_000 });
    } finally {
      db.close();
    }
  });
});
