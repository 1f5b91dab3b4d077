import type { ListeningEvent } from '@music/events';
import { GOLD_TABLES, SILVER_TABLE } from '@music/tables';
import { refreshLake } from '../refresh-run';
import type { LakeBackend, TestLake } from './lake-backends';
import { appendBronze, goldContents, log, makeEvent, tableContents } from './lake-fixture';

/**
 * The refresh behaviour every lake backend must have: incremental runs after each of several
 * bronze appends give exactly the tables one full rebuild gives. Declared once, run on local disk
 * (refresh-run.spec.ts) and on MinIO (refresh-run.int.spec.ts).
 */
export function describeLakeRefresh(backend: LakeBackend): void {
  describe(`refreshLake on ${backend.name}`, () => {
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

    it('incremental runs after each of several appends (with duplicates and late events) equal one full rebuild, table by table', async () => {
      const incremental = await newLake();
      const full = await newLake();
      const batches: ListeningEvent[][] = [];
      for (let b = 0; b < 4; b++) batches.push(Array.from({ length: 150 }, (_, i) => makeEvent(b + Math.floor(i / 60), b * 1000 + i)));
      // A replayed duplicate (same event_id, later offset) and a late event for an old day.
      batches.push([...(batches[0] ?? []).slice(0, 20), makeEvent(0, 9999)]);

      let offset = 0;
      for (const batch of batches) {
        await appendBronze(incremental, batch, offset);
        await appendBronze(full, batch, offset);
        offset += batch.length;
        const run = await refreshLake(incremental, { log });
        expect(run.silver.status).toBe('refreshed');
      }
      const again = await refreshLake(incremental, { log });
      expect(again.silver.status).toBe('up-to-date');
      expect(again.gold.every((g) => g.status === 'up-to-date')).toBe(true);

      await refreshLake(full, { full: true, log });
      const silver = await tableContents(incremental, SILVER_TABLE);
      const distinct = new Set(batches.flat().map((e) => e.event_id));
      expect(silver).toHaveLength(distinct.size);
      expect(new Set(silver.map((row) => (row as { event_id: string }).event_id))).toEqual(distinct);
      expect({ table: SILVER_TABLE.name, rows: silver }).toEqual({ table: SILVER_TABLE.name, rows: await tableContents(full, SILVER_TABLE) });

      const [a, b] = [await goldContents(incremental), await goldContents(full)];
      for (const definition of GOLD_TABLES) {
        expect({ table: definition.name, rows: a[definition.name] }).toEqual({ table: definition.name, rows: b[definition.name] });
      }
      expect((a['top_artists_daily'] ?? []).length).toBeGreaterThan(0);
    }, 300_000);
  });
}
