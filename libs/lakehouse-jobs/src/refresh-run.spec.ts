import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBSession } from '@music/delta';
import { newEventId, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { fileUriOf } from '@music/storage';
import { BRONZE_TABLE, GOLD_TABLES, SILVER_TABLE, toBronzeRow, type BronzeRow } from '@music/tables';
import { openIfExists, openOrCreate, type Lake } from './lake';
import { refreshLake } from './refresh-run';

jest.setTimeout(180_000);

const log = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Honolulu'];
const COUNTRIES = ['FR', 'US', 'JP', 'KI', 'US'];

let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

function makeEvent(day: number, i: number): ListeningEvent {
  const at = Date.parse('2026-11-10T00:00:00.000Z') + day * 86_400_000 + Math.floor(random() * 86_400_000);
  const zone = Math.floor(random() * ZONES.length);
  const base = {
    event_id: newEventId(at),
    occurred_at: new Date(at).toISOString(),
    user_id: `user-${Math.floor(random() * 40)}`,
    timezone: ZONES[zone] as string,
    country: COUNTRIES[zone] as string,
    platform: (['ios', 'android', 'web'] as const)[i % 3],
    track: { track_id: `t-${i % 17}`, artist_id: `a-${i % 5}`, artist_name: `Artist ${i % 5}`, genre: ['pop', 'rock', 'jazz'][i % 3] as string },
  };
  const kind = i % 10;
  if (kind < 6) return makePlayEvent({ ...base, ms_played: Math.floor(random() * 240_000), completed: random() > 0.5 });
  if (kind < 8) return makeSkipEvent({ ...base, ms_played: Math.floor(random() * 40_000) });
  if (kind < 9) return makeLikeEvent(base);
  return makeShareEvent(base);
}

async function appendBronze(lake: Lake, events: readonly ListeningEvent[], firstOffset: number): Promise<void> {
  const bronze = await openOrCreate(lake, BRONZE_TABLE);
  const rows: BronzeRow[] = events.map((e, i) => toBronzeRow(e, { topic: 't', partition: 0, offset: String(firstOffset + i) }, new Date(Date.parse('2026-11-20T00:00:00Z') + firstOffset + i)));
  await bronze.append(rows);
  await bronze.close();
}

async function goldContents(lake: Lake): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const definition of GOLD_TABLES) {
    const table = await openIfExists(lake, definition);
    if (!table) throw new Error(`no gold table ${definition.name}`);
    const plan = await table.scan();
    const rows = await lake.duckdb.rows(`SELECT * FROM (${plan.sql}) ORDER BY ALL`);
    out[definition.name] = rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v))));
    await table.close();
  }
  return out;
}

async function newLake(): Promise<Lake> {
  return { uri: fileUriOf(mkdtempSync(join(tmpdir(), 'jobs-lake-'))), storage: {}, duckdb: await DuckDBSession.create() };
}

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
