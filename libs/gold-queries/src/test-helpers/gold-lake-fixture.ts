import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBSession } from '@music/delta';
import { decodeEvent, newEventId, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent, seededRandom } from '@music/events/testing';
// The gold tables under test are produced by the real batch jobs, which belong to the metrics
// scope; only this test fixture reaches into it, the library itself reads gold through Delta.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { openOrCreate, refreshLake, type Lake } from '@music/lakehouse-jobs';
import { createLogger } from '@music/logger';
import { fileUriOf, openObjectStore, type StorageOptions } from '@music/storage';
import { BRONZE_TABLE, QUARANTINE_TABLE, toBronzeRow, toQuarantineRow } from '@music/tables';
import type { LakeConnection } from '../lake-connection';

const silentLog = createLogger({ name: 'gold-lake-fixture', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** Listener profiles: country and zone go together so that local hours are plausible. */
const PLACES = [
  { country: 'FR', timezone: 'Europe/Paris' },
  { country: 'US', timezone: 'America/New_York' },
  { country: 'JP', timezone: 'Asia/Tokyo' },
  { country: 'BR', timezone: 'America/Sao_Paulo' },
  { country: 'DE', timezone: 'Europe/Berlin' },
] as const;
const CLIENTS = [
  { platform: 'ios', device: 'iPhone 15' },
  { platform: 'android', device: 'Pixel 8' },
  { platform: 'web', device: 'Firefox' },
  { platform: 'desktop', device: 'MacBook Air' },
] as const;
const ARTISTS = [
  { artist_id: 'art-1', artist_name: 'Nova', genre: 'Pop' },
  { artist_id: 'art-2', artist_name: 'Basalt', genre: 'rock' },
  { artist_id: 'art-3', artist_name: 'Blue Room', genre: 'jazz' },
  { artist_id: 'art-4', artist_name: 'Kiku', genre: 'pop' },
  { artist_id: 'art-5', artist_name: 'Riverbed', genre: 'Folk' },
  { artist_id: 'art-6', artist_name: 'Late Riser', genre: 'electronic' },
] as const;
const TRACKS_PER_ARTIST = 3;
const USERS = 30;
const DAY_MS = 86_400_000;

export interface GeneratedEventsOptions {
  /** First UTC day (YYYY-MM-DD). */
  firstDay: string;
  days: number;
  eventsPerDay: number;
  seed: number;
  /** Events of a day happen before this UTC hour (keeps "today" in the past of a fixed clock). */
  beforeHourUtc?: number;
}

/**
 * Plausible listening events, deterministic for a seed: every event type, several countries,
 * platforms, devices, genres and artists; the last artist grows day after day, so that it trends.
 */
export function generateListeningEvents(options: GeneratedEventsOptions): ListeningEvent[] {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.parse(`${options.firstDay}T00:00:00.000Z`);
  const dayMs = (options.beforeHourUtc ?? 24) * 3_600_000;
  const events: ListeningEvent[] = [];
  for (let day = 0; day < options.days; day++) {
    for (let i = 0; i < options.eventsPerDay; i++) {
      const at = start + day * DAY_MS + Math.floor(random() * dayMs);
      const userIndex = Math.floor(random() * USERS);
      const place = PLACES[userIndex % PLACES.length] as (typeof PLACES)[number];
      const client = CLIENTS[userIndex % CLIENTS.length] as (typeof CLIENTS)[number];
      const growing = random() < day / (options.days * 2);
      const artist = growing ? (ARTISTS[ARTISTS.length - 1] as (typeof ARTISTS)[number]) : pick(ARTISTS);
      const trackNumber = 1 + Math.floor(random() * TRACKS_PER_ARTIST);
      const base = {
        event_id: newEventId(at),
        occurred_at: new Date(at).toISOString(),
        user_id: `user-${userIndex}`,
        session_id: `session-${userIndex}-${day}`,
        ...place,
        ...client,
        track: { ...artist, track_id: `${artist.artist_id}-t${trackNumber}`, title: `${artist.artist_name} song ${trackNumber}`, duration_ms: 240_000 },
      };
      const kind = random();
      if (kind < 0.6) events.push(makePlayEvent({ ...base, ms_played: Math.floor(random() * 240_000), completed: random() < 0.5 }));
      else if (kind < 0.8) events.push(makeSkipEvent({ ...base, ms_played: Math.floor(random() * 40_000) }));
      else if (kind < 0.9) events.push(makeLikeEvent(base));
      else events.push(makeShareEvent(base));
    }
  }
  return events;
}

/** A lake whose gold tables the real batch jobs build from bronze events. */
export interface GoldLakeFixture {
  lake: LakeConnection;
  /** Every event appended to bronze so far. */
  readonly events: readonly ListeningEvent[];
  /** Appends the events to bronze (as the ingest would), then runs the batch refresh to gold. */
  append(events: readonly ListeningEvent[]): Promise<void>;
  /**
   * Appends `count` rejected records to the quarantine table, ingested at `at`: `payload` with the
   * issues the ingest's decoder finds in it (default: an unknown country).
   */
  quarantine(count: number, at: Date, payload?: string): Promise<void>;
  /** Closes the jobs' DuckDB session and deletes the lake. */
  close(): Promise<void>;
}

/**
 * A lake in a fresh temporary directory, or under `at` (e.g. a random prefix of a MinIO bucket),
 * whose contents close() deletes.
 */
export async function createGoldLake(at?: { uri: string; storage: StorageOptions }): Promise<GoldLakeFixture> {
  const directory = at ? undefined : mkdtempSync(join(tmpdir(), 'gold-queries-lake-'));
  const uri = at?.uri ?? fileUriOf(directory as string);
  const storage = at?.storage ?? {};
  const jobs: Lake = { uri, storage, duckdb: await DuckDBSession.create() };
  const events: ListeningEvent[] = [];
  let offset = 0;
  return {
    lake: { uri, storage },
    events,
    async append(batch) {
      const bronze = await openOrCreate(jobs, BRONZE_TABLE);
      try {
        await bronze.append(batch.map((event) => toBronzeRow(event, { topic: 'listening-events', partition: 0, offset: String(offset++) }, new Date(Date.parse(event.occurred_at) + 1_000))));
      } finally {
        await bronze.close();
      }
      events.push(...batch);
      await refreshLake(jobs, { log: silentLog });
    },
    async quarantine(count, at, payload = JSON.stringify({ ...makePlayEvent(), country: 'Narnia' })) {
      const bytes = new TextEncoder().encode(payload);
      const decoded = decodeEvent(bytes);
      if (decoded.ok) throw new Error(`the payload to quarantine is a valid event: ${payload}`);
      const table = await openOrCreate(jobs, QUARANTINE_TABLE);
      try {
        await table.append(Array.from({ length: count }, () => toQuarantineRow(bytes, decoded.issues, { topic: 'listening-events', partition: 0, offset: String(offset++) }, at)));
      } finally {
        await table.close();
      }
    },
    async close() {
      await jobs.duckdb.close();
      if (directory) rmSync(directory, { recursive: true, force: true });
      else {
        const store = openObjectStore(uri, storage);
        for (const object of await store.list('')) await store.delete(object.key);
      }
    },
  };
}
