import { DuckDBSession } from '@music/delta';
import type { ListeningEvent } from '@music/events';
import { newEventId, type ListeningEvent as Event } from '@music/events';
import { BRONZE_TABLE, ERASED_LISTENERS_TABLE, QUARANTINE_TABLE, SILVER_TABLE, toQuarantineRow, userIdDigest } from '@music/tables';
import { lakeTableUri, openOrCreate, withExistingTable } from '../lake';
import { refreshLake } from '../refresh-run';
import { readCatalog } from '../table-catalog';
import { eraseUser } from '../user-erasure';
import type { LakeBackend, TestLake } from './lake-backends';
import { appendBronze, goldContents, log, makeEvent } from './lake-fixture';
import { filesUnder, logObjectsNaming, parquetRowsContaining, retainedVersionsHolding, withLakeDataObjects } from './lake-inspection';

/** A user id no other id contains, so that a text search of the files finds exactly their rows. */
function victimOf(events: readonly ListeningEvent[]): string {
  const ids = [...new Set(events.map((e) => e.user_id))];
  const victim = ids.find((id) => !ids.some((other) => other !== id && other.includes(id)));
  if (victim === undefined) throw new Error('the fixture has no user id that is not part of another');
  return victim;
}

/**
 * User erasure and the catalog on one lake backend. Declared once, run on local disk
 * (user-erasure.spec.ts) and on MinIO (user-erasure.int.spec.ts).
 */
export function describeUserErasure(backend: LakeBackend): void {
  describe(`eraseUser on ${backend.name}`, () => {
    const lakes: TestLake[] = [];
    const newLake = async () => {
      const lake = await backend.newLake();
      lakes.push(lake);
      return lake;
    };

    // Removing a lake on MinIO deletes every object of it: several lakes take longer than a hook's default 5 s.
    afterAll(async () => {
      await Promise.all(lakes.map((lake) => lake.remove()));
    }, 120_000);

    it('removes a listener from every retained table version and every data object; gold equals a rebuild without them', async () => {
      const erased = await newLake();
      const without = await newLake();
      const events = Array.from({ length: 400 }, (_, i) => makeEvent(i % 4, i));
      const victim = victimOf(events);
      const victimEvents = events.filter((e) => e.user_id === victim).length;
      // Two bronze appends and two refreshes: the victim is in several versions of every table.
      await appendBronze(erased, events.slice(0, 200), 0);
      await refreshLake(erased, { log });
      await appendBronze(erased, events.slice(200), 200);
      await appendBronze(without, events.filter((e) => e.user_id !== victim), 0);
      const quarantine = await openOrCreate(erased, QUARANTINE_TABLE);
      const rejected = Buffer.from(JSON.stringify({ user_id: victim, country: 'ZZ' }));
      await quarantine.append([toQuarantineRow(rejected, [{ path: 'country', expected: 'a country', received: '"ZZ"', message: 'country' }], { topic: 't', partition: 0, offset: '999' }, new Date())]);
      await quarantine.close();
      await refreshLake(erased, { log });
      await refreshLake(without, { full: true, log });
      expect(await withLakeDataObjects(erased, (paths) => parquetRowsContaining(erased.duckdb, paths, victim))).toBe(2 * victimEvents + 1);
      // Log objects survive VACUUM: the tables keep no statistics of personal columns, so before
      // the erasure already the log does not name the victim.
      expect(await logObjectsNaming(erased, victim)).toEqual([]);

      const report = await eraseUser(erased, { userId: victim, retentionHours: 0, forceRetention: true, log });
      const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
      expect(byTable[BRONZE_TABLE.name]?.rowsDeleted).toBe(victimEvents);
      expect(byTable[SILVER_TABLE.name]?.rowsDeleted).toBe(victimEvents);
      expect(byTable[QUARANTINE_TABLE.name]?.rowsDeleted).toBe(1);
      expect(report.tables.reduce((n, t) => n + t.filesVacuumed, 0)).toBeGreaterThan(0);

      // What is stored now, whatever version referenced it: no data object holds the user.
      expect(await withLakeDataObjects(erased, (paths) => parquetRowsContaining(erased.duckdb, paths, victim))).toBe(0);
      // Every version a reader can still time-travel to lacks the user; the ones that had them are gone.
      for (const definition of [BRONZE_TABLE, QUARANTINE_TABLE, SILVER_TABLE]) {
        const versions = await retainedVersionsHolding(erased, definition, 'user_id', victim);
        expect({ table: definition.name, holding: versions.holding }).toEqual({ table: definition.name, holding: [] });
        expect(versions.unreadable.length).toBeGreaterThan(0);
        expect(versions.retained.length).toBeGreaterThan(0);
      }
      expect(await goldContents(erased)).toEqual(await goldContents(without));
      // Nor does the erasure write them into it (the DELETE predicate is recorded redacted).
      expect(await logObjectsNaming(erased, victim)).toEqual([]);
    }, 300_000);

    it('goes through while another writer keeps appending other listeners to bronze, and keeps their rows', async () => {
      const lake = await newLake();
      const events = Array.from({ length: 300 }, (_, i) => makeEvent(i % 3, i));
      const victim = victimOf(events);
      await appendBronze(lake, events, 0);
      await refreshLake(lake, { log });
      // The ingest, with a DuckDB session of its own: small appends without the victim, one after
      // the other, until the erasure ends.
      const ingestDuckDB = await DuckDBSession.create();
      let erasing = true;
      const appended: ListeningEvent[] = [];
      const ingest = (async () => {
        for (let offset = 10_000; erasing; offset += 10) {
          const batch = Array.from({ length: 10 }, (_, i) => makeEvent(i % 3, offset + i)).filter((e) => e.user_id !== victim);
          await appendBronze({ ...lake, duckdb: ingestDuckDB }, batch, offset);
          appended.push(...batch);
        }
      })();
      const report = await eraseUser(lake, { userId: victim, retentionHours: 0, forceRetention: true, log });
      const appendedMeanwhile = appended.length;
      erasing = false;
      await ingest;
      await ingestDuckDB.close();
      expect(appendedMeanwhile).toBeGreaterThan(0);

      expect(report.tables.find((t) => t.table === BRONZE_TABLE.name)?.rowsDeleted).toBe(events.filter((e) => e.user_id === victim).length);
      const bronze = await openOrCreate(lake, BRONZE_TABLE);
      try {
        const rows = await lake.duckdb.rows(`SELECT event_id, user_id FROM (${(await bronze.scan()).sql})`);
        expect(rows.filter((row) => row['user_id'] === victim)).toEqual([]);
        const ids = new Set(rows.map((row) => String(row['event_id'])));
        expect(appended.filter((e) => !ids.has(e.event_id))).toEqual([]);
      } finally {
        await bronze.close();
      }
    }, 300_000);

    it('keeps the events the listener made before the erasure out of silver (so of gold) when they reach bronze after it', async () => {
      const lake = await newLake();
      const events = Array.from({ length: 200 }, (_, i) => makeEvent(i % 2, i));
      const victim = victimOf(events);
      await appendBronze(lake, events, 0);
      await refreshLake(lake, { log });
      const report = await eraseUser(lake, { userId: victim, retentionHours: 0, forceRetention: true, log });

      // The register holds the digest of the id and the time, never the id itself.
      const registered = await withExistingTable(lake, ERASED_LISTENERS_TABLE, async (table) => lake.duckdb.rows(`SELECT user_id_sha256, CAST(erased_at AS VARCHAR) AS erased_at FROM (${(await table.scan()).sql})`));
      expect(registered).toEqual([{ user_id_sha256: userIdDigest(victim), erased_at: expect.stringMatching(/^\d{4}-/) }]);
      expect(await logObjectsNaming(lake, victim)).toEqual([]);

      // Events in transit during the erasure reach bronze afterwards (a writer that had not seen
      // the register yet); one more event of the listener happens after the erasure.
      const erasedAt = Date.parse(report.erasedAt);
      const at = (ms: number, template: Event): Event => ({ ...template, event_id: newEventId(ms), user_id: victim, occurred_at: new Date(ms).toISOString() });
      const late = [at(erasedAt - 60_000, events[0] as Event), at(erasedAt, events[1] as Event)];
      const after = at(erasedAt + 60_000, events[2] as Event);
      await appendBronze(lake, [...late, after, makeEvent(0, 5_000)], 1_000);
      const run = await refreshLake(lake, { log });
      expect(run.silver.rows).toBe(2);
      const silverIds = await withExistingTable(lake, SILVER_TABLE, async (table) =>
        (await lake.duckdb.rows(`SELECT event_id FROM (${(await table.scan()).sql}) WHERE user_id = '${victim}'`)).map((row) => String(row['event_id'])),
      );
      expect(silverIds).toEqual([after.event_id]);
      // A full rebuild leaves them out too.
      await refreshLake(lake, { full: true, log });
      const rebuilt = await withExistingTable(lake, SILVER_TABLE, async (table) => lake.duckdb.rows(`SELECT event_id FROM (${(await table.scan()).sql}) WHERE user_id = '${victim}'`));
      expect(rebuilt?.map((row) => String(row['event_id']))).toEqual([after.event_id]);
    }, 300_000);

    if (backend.copiesFilesLocally) {
      // VACUUM deletes the local copies DuckDB read the deleted objects from (@music/delta's
      // LocalFileCache): the batch machine keeps no row of an erased listener either.
      it('leaves no copy of an erased listener in the local file cache', async () => {
        const lake = await newLake();
        const events = Array.from({ length: 200 }, (_, i) => makeEvent(i % 2, i));
        const victim = victimOf(events);
        await appendBronze(lake, events, 0);
        await refreshLake(lake, { log });
        const copies = async () => (await filesUnder(lake.cacheDirectory ?? '')).filter((path) => path.endsWith('.parquet'));
        // The refresh read bronze through the cache: the copies hold the victim before the erasure.
        expect(await parquetRowsContaining(lake.duckdb, await copies(), victim)).toBeGreaterThan(0);
        await eraseUser(lake, { userId: victim, retentionHours: 0, forceRetention: true, log });
        expect(await parquetRowsContaining(lake.duckdb, await copies(), victim)).toBe(0);
      }, 300_000);
    }
  });

  describe(`readCatalog on ${backend.name}`, () => {
    let lake: TestLake | undefined;
    afterAll(async () => lake?.remove(), 60_000);

    it('lists every table with its location, schema, version and rows', async () => {
      lake = await backend.newLake();
      await appendBronze(lake, Array.from({ length: 50 }, (_, i) => makeEvent(0, i)), 0);
      await refreshLake(lake, { log });
      const catalog = await readCatalog(lake);
      const bronze = catalog.find((e) => e.name === BRONZE_TABLE.name);
      expect(bronze).toMatchObject({ layer: 'bronze', version: 1, rows: 50, partitionColumns: ['event_date'] });
      expect(bronze?.location).toBe(`${lake.uri}/bronze/listening_events`);
      expect(bronze?.location).toBe(lakeTableUri(lake, BRONZE_TABLE));
      expect(catalog.find((e) => e.name === QUARANTINE_TABLE.name)?.version).toBeUndefined();
      expect(catalog.filter((e) => e.layer === 'gold').every((e) => e.version !== undefined && e.lastUpdated !== undefined)).toBe(true);
      expect(catalog.find((e) => e.name === SILVER_TABLE.name)?.columns.map((c) => c.name)).toContain('hour_bucket');
    }, 120_000);
  });
}
