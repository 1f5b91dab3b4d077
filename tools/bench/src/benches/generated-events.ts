import { encodeEvent, newEventId, type EncodedEvent, type ListeningEvent, type Platform, type ShareChannel } from '@music/events';
import { seededRandom } from '@music/test-support';

// The events bench's data: the same realistic events on every run (seeded), as a Kafka client
// hands their values over. Shared by the interleaved bench and its one-path child processes.

// A catalogue with the non-ASCII names real listening data has.
const ARTISTS = ['Daft Punk', 'Beyoncé', 'Sigur Rós', '坂本龍一', 'Mötley Crüe', 'Stromae', 'Aya Nakamura', "Guns N' Roses", 'Céline Dion', 'BTS', 'Rosalía', 'Ibrahim Maalouf'];
const WORDS = ['Nuit', 'Blue', 'Fire', 'Été', 'Heart', 'Road', 'Lune', 'Dream', 'Ciudad', 'Tokyo', 'Rain', 'Golden', 'Papaoutai', 'Alors', 'Waves'];
const GENRES = ['pop', 'rock', 'electronic', 'hip-hop', 'classical', 'jazz', 'latin', 'k-pop', 'r&b', 'ambient'];
const PLACES: readonly (readonly [country: string, timezone: string])[] = [
  ['FR', 'Europe/Paris'],
  ['US', 'America/New_York'],
  ['US', 'America/Los_Angeles'],
  ['GB', 'Europe/London'],
  ['DE', 'Europe/Berlin'],
  ['JP', 'Asia/Tokyo'],
  ['BR', 'America/Sao_Paulo'],
  ['IN', 'Asia/Kolkata'],
  ['KR', 'Asia/Seoul'],
  ['SN', 'Africa/Dakar'],
];
const DEVICES: Readonly<Record<Platform, string>> = {
  web: 'Chrome 131',
  ios: 'iPhone 15',
  android: 'Pixel 8',
  desktop: 'macOS app',
  smart_speaker: 'Echo Dot',
  car: 'CarPlay',
  tv: 'Android TV',
  console: 'PlayStation 5',
  wearable: 'Apple Watch',
};
const PLATFORM_NAMES = Object.keys(DEVICES) as Platform[];
const CHANNELS: readonly ShareChannel[] = ['link', 'whatsapp', 'instagram', 'messages', 'x'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` realistic events: 70 % plays, 20 % skips, 6 % likes, 4 % shares over the past day. */
export function generateEvents(count: number, nowMs: number): ListeningEvent[] {
  const random = seededRandom(20_261_124);
  const randomBytes = new Uint8Array(10);
  const events: ListeningEvent[] = [];
  for (let i = 0; i < count; i++) {
    const occurredMs = nowMs - 86_400_000 + Math.floor((i / count) * 86_400_000);
    for (let b = 0; b < randomBytes.length; b++) randomBytes[b] = Math.floor(random() * 256);
    const artist = Math.floor(random() * ARTISTS.length);
    const trackNo = Math.floor(random() * 5000);
    const durationMs = 90_000 + Math.floor(random() * 300_000);
    const platform = pick(random, PLATFORM_NAMES);
    const [country, timezone] = pick(random, PLACES);
    const user = Math.floor(random() * 50_000);
    const envelope = {
      event_id: newEventId(occurredMs, randomBytes),
      schema_version: 1 as const,
      occurred_at: new Date(occurredMs).toISOString(),
      user_id: `usr_${user.toString().padStart(6, '0')}`,
      session_id: `ses_${user.toString(36)}_${Math.floor(occurredMs / 1_800_000).toString(36)}`,
      track: {
        track_id: `trk_${artist}_${trackNo}`,
        title: `${pick(random, WORDS)} ${pick(random, WORDS)}${trackNo % 7 === 0 ? ' (Remix)' : ''}`,
        artist_id: `art_${artist}`,
        artist_name: ARTISTS[artist] as string,
        genre: pick(random, GENRES),
        duration_ms: durationMs,
      },
      platform,
      device: DEVICES[platform],
      country,
      timezone,
      app_version: `4.${Math.floor(random() * 13)}.${Math.floor(random() * 4)}`,
    };
    const kind = random();
    if (kind < 0.7) {
      const completed = random() < 0.6;
      events.push({ ...envelope, event_type: 'play', ms_played: completed ? durationMs : Math.floor(random() * durationMs), completed });
    } else if (kind < 0.9) events.push({ ...envelope, event_type: 'skip', ms_played: Math.floor(random() * 30_000) });
    else if (kind < 0.96) events.push({ ...envelope, event_type: 'like' });
    else events.push({ ...envelope, event_type: 'share', channel: pick(random, CHANNELS) });
  }
  return events;
}

/** Values as a Kafka client hands them over: views into one fetched buffer. */
export function asFetchedRecords(events: readonly ListeningEvent[]): { records: EncodedEvent[]; bytes: number } {
  const encoded = events.map(encodeEvent);
  const fetched = Buffer.concat(encoded.map((r) => r.value));
  let offset = 0;
  const records = encoded.map((r) => {
    const value = fetched.subarray(offset, offset + r.value.length);
    offset += r.value.length;
    return { ...r, value };
  });
  return { records, bytes: fetched.length };
}
