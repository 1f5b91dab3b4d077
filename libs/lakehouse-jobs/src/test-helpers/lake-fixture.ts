import { Writable } from 'node:stream';
import { newEventId, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { BRONZE_TABLE, GOLD_TABLES, toBronzeRow, type BronzeRow } from '@music/tables';
import { openOrCreate, withExistingTable, type Lake, type LakeTable } from '../lake';

/** A small lake of generated events, for the jobs' tests. */

export const log = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Honolulu'];
const COUNTRIES = ['FR', 'US', 'JP', 'KI', 'US'];

let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

export function makeEvent(day: number, i: number): ListeningEvent {
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

export async function appendBronze(lake: Lake, events: readonly ListeningEvent[], firstOffset: number): Promise<void> {
  const bronze = await openOrCreate(lake, BRONZE_TABLE);
  const rows: BronzeRow[] = events.map((e, i) => toBronzeRow(e, { topic: 't', partition: 0, offset: String(firstOffset + i) }, new Date(Date.parse('2026-11-20T00:00:00Z') + firstOffset + i)));
  await bronze.append(rows);
  await bronze.close();
}

/** Every row of a table in a stable order, as plain JSON values (bigints as numbers, doubles rounded to 1e-9). */
export async function tableContents(lake: Lake, definition: LakeTable): Promise<unknown[]> {
  const rows = await withExistingTable(lake, definition, async (table) => lake.duckdb.rows(`SELECT * FROM (${(await table.scan()).sql}) ORDER BY ALL`));
  if (!rows) throw new Error(`no table ${definition.name}`);
  return rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v))));
}

export async function goldContents(lake: Lake): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const definition of GOLD_TABLES) out[definition.name] = await tableContents(lake, definition);
  return out;
}
