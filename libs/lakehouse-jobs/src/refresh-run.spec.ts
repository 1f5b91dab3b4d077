import type { ListeningEvent } from '@music/events';
import { GOLD_TABLES, SILVER_TABLE } from '@music/tables';
import { openIfExists } from './lake';
import { refreshLake } from './refresh-run';
import { appendBronze, goldContents, log, makeEvent, newLake } from './test-helpers/lake-fixture';

jest.setTimeout(180_000);

describe('refreshLake on Delta tables', () => {
  it('incremental runs after each of several appends (with duplicates and late events) equal one full rebuild', async () => {
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
    const silver = await openIfExists(incremental, SILVER_TABLE);
    const silverRows = await incremental.duckdb.rows(`SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM (${(await silver?.scan())?.sql})`);
    await silver?.close();
    const distinct = new Set(batches.flat().map((e) => e.event_id)).size;
    expect(silverRows[0]).toEqual({ n: BigInt(distinct), ids: BigInt(distinct) });

    const [a, b] = [await goldContents(incremental), await goldContents(full)];
    for (const definition of GOLD_TABLES) {
      expect({ table: definition.name, rows: a[definition.name] }).toEqual({ table: definition.name, rows: b[definition.name] });
    }
    expect((a['top_artists_daily'] ?? []).length).toBeGreaterThan(0);
    await Promise.all([incremental.duckdb.close(), full.duckdb.close()]);
  });
});
