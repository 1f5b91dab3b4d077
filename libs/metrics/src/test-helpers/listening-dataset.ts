import { newEventId, type ListeningEvent, type Platform, type ShareChannel } from '@music/events';
import { seededRandom } from '@music/events/testing';
import { toBronzeRow, type BronzeRow } from '@music/tables';

// Zones chosen for their edges: DST in Europe and America, UTC+14, UTC−10, half and quarter hours,
// Lord Howe's 30-minute DST, southern-hemisphere DST.
const PLACES: readonly (readonly [country: string, timezone: string])[] = [
  ['FR', 'Europe/Paris'],
  ['KI', 'Pacific/Kiritimati'],
  ['US', 'Pacific/Honolulu'],
  ['US', 'America/New_York'],
  ['US', 'America/Los_Angeles'],
  ['IN', 'Asia/Kolkata'],
  ['NP', 'Asia/Kathmandu'],
  ['AU', 'Australia/Lord_Howe'],
  ['CA', 'America/St_Johns'],
  ['JP', 'Asia/Tokyo'],
  ['BR', 'America/Sao_Paulo'],
  ['GB', 'Europe/London'],
  ['NZ', 'Pacific/Chatham'],
];
const PLATFORMS: readonly (readonly [Platform, readonly string[]])[] = [
  ['ios', ['iPhone 15', 'iPad Air']],
  ['android', ['Pixel 8', 'Galaxy S24']],
  ['web', ['Chrome 131', 'Firefox 133']],
  ['desktop', ['macOS app']],
  ['smart_speaker', ['Echo Dot']],
  ['car', ['CarPlay']],
];
const GENRES = ['pop', 'rock', 'electronic', 'hip-hop', 'classical', 'jazz', 'k-pop'];
const CHANNELS: readonly ShareChannel[] = ['link', 'whatsapp', 'instagram', 'messages'];
const ARTIST_NAMES = ['Daft Punk', 'Beyoncé', 'Sigur Rós', '坂本龍一', 'Stromae', 'Aya Nakamura', 'BTS', 'Rosalía', 'Céline Dion', 'Ibrahim Maalouf', 'Björk', 'Fela Kuti'];
const DAY_MS = 86_400_000;

interface User {
  id: string;
  country: string;
  timezone: string;
  platform: Platform;
  device: string;
}

interface Track {
  track_id: string;
  title: string;
  artist_id: string;
  artist_name: string;
  genre: string;
  duration_ms: number;
  /** Popularity multiplier that grows (or shrinks) with the day, so that some artists trend. */
  trend: number;
}

export interface DatasetOptions {
  seed: number;
  /** First UTC day of the data, YYYY-MM-DD. */
  startDay: string;
  days: number;
  /** Distinct events in all batches. */
  events: number;
  /** Bronze appends; batch b carries the events of its slice of days, plus late ones. */
  batches: number;
  users?: number;
  /** Share of records that are extra copies of an event already sent (redeliveries, replays). */
  duplicateRatio?: number;
  /** Share of events that arrive in a batch after the one covering their day. */
  lateRatio?: number;
}

export interface ListeningDataset {
  /** Bronze rows of each append, in order; every later batch was ingested after the earlier ones. */
  batches: BronzeRow[][];
  /** Distinct event ids sent. */
  eventIds: ReadonlySet<string>;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Pads some text with white space, the way sloppy clients send it (silver trims it). */
function sloppy(random: () => number, text: string): string {
  const r = random();
  if (r < 0.04) return `  ${text}`;
  if (r < 0.08) return `${text} `;
  return text;
}

/**
 * Listening events from many users in many zones over `days` days, as bronze rows split into
 * appends, with duplicates (same event_id at other Kafka offsets, in the same or a later batch)
 * and late events (old occurred_at arriving in a later batch). Deterministic for a seed.
 */
export function generateListeningDataset(options: DatasetOptions): ListeningDataset {
  const random = seededRandom(options.seed);
  const userCount = options.users ?? 80;
  const duplicateRatio = options.duplicateRatio ?? 0.08;
  const lateRatio = options.lateRatio ?? 0.1;
  const start = Date.parse(`${options.startDay}T00:00:00.000Z`);

  const users: User[] = Array.from({ length: userCount }, (_, i) => {
    const [country, timezone] = pick(random, PLACES);
    const [platform, devices] = pick(random, PLATFORMS);
    return { id: `usr_${String(i).padStart(4, '0')}`, country, timezone, platform, device: pick(random, devices) };
  });
  const tracks: Track[] = Array.from({ length: 60 }, (_, i) => {
    const artist = i % ARTIST_NAMES.length;
    return {
      track_id: `trk_${String(i).padStart(4, '0')}`,
      title: `Song ${i}`,
      artist_id: `art_${String(artist).padStart(4, '0')}`,
      artist_name: ARTIST_NAMES[artist] as string,
      genre: GENRES[artist % GENRES.length] as string,
      duration_ms: 120_000 + Math.floor(random() * 240_000),
      trend: artist < 3 ? 1 + artist : artist < 5 ? -0.8 : 0,
    };
  });

  const pickTrack = (dayIndex: number): Track => {
    const progress = dayIndex / Math.max(1, options.days - 1);
    const weights = tracks.map((track) => Math.max(0.05, 1 + track.trend * progress));
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < tracks.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return tracks[i] as Track;
    }
    return tracks[tracks.length - 1] as Track;
  };

  const makeEvent = (occurredMs: number, dayIndex: number): ListeningEvent => {
    const user = pick(random, users);
    const track = pickTrack(dayIndex);
    const randomBytes = Uint8Array.from({ length: 10 }, () => Math.floor(random() * 256));
    const envelope = {
      event_id: newEventId(occurredMs, randomBytes),
      schema_version: 1 as const,
      occurred_at: new Date(occurredMs).toISOString(),
      user_id: user.id,
      session_id: `ses_${user.id}_${dayIndex}`,
      track: {
        track_id: track.track_id,
        title: sloppy(random, track.title),
        artist_id: track.artist_id,
        artist_name: sloppy(random, track.artist_name),
        genre: random() < 0.05 ? track.genre.toUpperCase() : track.genre,
        duration_ms: track.duration_ms,
      },
      platform: user.platform,
      device: sloppy(random, user.device),
      country: user.country,
      timezone: user.timezone,
      app_version: '4.12.0',
    };
    const kind = random();
    if (kind < 0.6) {
      const edge = random();
      const msPlayed = edge < 0.05 ? 29_999 : edge < 0.1 ? 30_000 : Math.floor(random() * track.duration_ms);
      return { ...envelope, event_type: 'play', ms_played: msPlayed, completed: msPlayed === track.duration_ms };
    }
    if (kind < 0.8) return { ...envelope, event_type: 'skip', ms_played: Math.floor(random() * 45_000) };
    if (kind < 0.9) return { ...envelope, event_type: 'like' };
    return { ...envelope, event_type: 'share', channel: pick(random, CHANNELS) };
  };

  const batches: BronzeRow[][] = Array.from({ length: options.batches }, () => []);
  const sent: { event: ListeningEvent; row: BronzeRow }[] = [];
  const eventIds = new Set<string>();
  const offsets = [0, 0, 0];
  const daysPerBatch = options.days / options.batches;
  const eventsPerBatch = Math.ceil(options.events / options.batches);

  for (let b = 0; b < options.batches; b++) {
    let ingestedMs = start + options.days * DAY_MS + b * 3_600_000;
    const send = (event: ListeningEvent, partition: number): BronzeRow => {
      ingestedMs += Math.floor(random() * 3);
      const offset = offsets[partition] as number;
      offsets[partition] = offset + 1;
      const row = toBronzeRow(event, { topic: 'listening-events', partition, offset: String(offset) }, new Date(ingestedMs));
      (batches[b] as BronzeRow[]).push(row);
      return row;
    };
    for (let i = 0; i < eventsPerBatch && eventIds.size < options.events; i++) {
      const late = b > 0 && random() < lateRatio;
      const firstDay = late ? 0 : Math.floor(b * daysPerBatch);
      const lastDay = late ? Math.floor(b * daysPerBatch) : Math.floor((b + 1) * daysPerBatch);
      const dayIndex = firstDay + Math.floor(random() * Math.max(1, lastDay - firstDay));
      const event = makeEvent(start + dayIndex * DAY_MS + Math.floor(random() * DAY_MS), dayIndex);
      eventIds.add(event.event_id);
      const row = send(event, Number(event.user_id.slice(-1)) % 3);
      sent.push({ event, row });
      if (random() < duplicateRatio) {
        const original = pick(random, sent);
        // Redelivered on another partition or replayed later on the same one.
        send(original.event, random() < 0.5 ? original.row.source_partition : (original.row.source_partition + 1) % 3);
      }
    }
  }
  return { batches, eventIds };
}

/** Bronze rows whose country arrives in lower case with blanks, as rows written by old clients did. */
export function withSloppyCountries(rows: readonly BronzeRow[], every: number): BronzeRow[] {
  return rows.map((row, i) => (i % every === 0 ? { ...row, country: ` ${row.country.toLowerCase()} ` } : row));
}
