import { decodeEvent, encodeEvent, newEventId, validateEvent, type EncodedEvent, type ListeningEvent, type Platform, type ShareChannel } from '@music/events';
import { loadavg } from 'node:os';
import { compare } from '../bench-report';
import type { Benchmark, BenchContext } from '../benchmark';

const EVENTS_AT_SCALE_1 = 200_000;
const TARGET_EVENTS_PER_SECOND = 1_000_000;

/** mulberry32: a small seeded generator, so every run measures the same events. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
function generateEvents(count: number, nowMs: number): ListeningEvent[] {
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
function asFetchedRecords(events: readonly ListeningEvent[]): { records: EncodedEvent[]; bytes: number } {
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

type PathBody = (records: readonly EncodedEvent[]) => number;

/** Seconds spent in each path during one run: elapsed, and on-CPU (this process's user + system time). */
interface PathTimes {
  wall: number;
  cpu: number;
}

const CHUNK = 10_000;

/**
 * One run over every record for each path, interleaved chunk by chunk (and the order rotated)
 * so that the paths share whatever else the machine is doing. Each path must accept every record.
 */
function measureRun(records: readonly EncodedEvent[], paths: readonly PathBody[]): PathTimes[] {
  const times = paths.map(() => ({ wall: 0, cpu: 0 }));
  const accepted = paths.map(() => 0);
  for (let start = 0, turn = 0; start < records.length; start += CHUNK, turn++) {
    const chunk = records.slice(start, start + CHUNK);
    for (let k = 0; k < paths.length; k++) {
      const p = (k + turn) % paths.length;
      const cpu0 = process.cpuUsage();
      const wall0 = process.hrtime.bigint();
      accepted[p] = (accepted[p] as number) + (paths[p] as PathBody)(chunk);
      const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      (times[p] as PathTimes).wall += wall;
      (times[p] as PathTimes).cpu += (cpu.user + cpu.system) / 1e6;
    }
  }
  accepted.forEach((n, p) => {
    if (n !== records.length) throw new Error(`events bench: path #${p} accepted only ${n} of ${records.length} generated events`);
  });
  return times;
}

const decodeAll = (records: readonly EncodedEvent[]): number => {
  let accepted = 0;
  for (const record of records) if (decodeEvent(record.value, record.headers).ok) accepted++;
  return accepted;
};

const jsonParseAll = (records: readonly EncodedEvent[]): number => {
  let accepted = 0;
  for (const record of records) if (typeof JSON.parse(record.value.toString('utf8')) === 'object') accepted++;
  return accepted;
};

// The path taken when the fast path steps aside: JSON.parse, then zod through the version chain.
const parseThenZodAll = (records: readonly EncodedEvent[]): number => {
  let accepted = 0;
  for (const record of records) if (validateEvent(JSON.parse(record.value.toString('utf8'))).ok) accepted++;
  return accepted;
};

export const eventsBenchmark: Benchmark = {
  name: 'events',
  description: 'decode + validate Kafka listening events (decodeEvent) vs plain JSON.parse',
  async run(ctx: BenchContext) {
    const loadAverage = loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ');
    const count = Math.max(1000, Math.round(EVENTS_AT_SCALE_1 * ctx.scale));
    const events = generateEvents(count, Date.now());
    const { records, bytes } = asFetchedRecords(events);
    ctx.log.info({ count, bytes }, 'generated events');
    // Warm-up: let V8 optimise each loop before measuring.
    const warmUp = records.slice(0, Math.min(20_000, records.length));
    for (let i = 0; i < 3; i++) {
      decodeAll(warmUp);
      jsonParseAll(warmUp);
      parseThenZodAll(warmUp);
    }
    const paths = [decodeAll, jsonParseAll, parseThenZodAll];
    const wall: number[][] = paths.map(() => []);
    const cpu: number[][] = paths.map(() => []);
    for (let run = 0; run < ctx.runs; run++) {
      const times = measureRun(records, paths);
      times.forEach((t, p) => {
        (wall[p] as number[]).push(count / t.wall);
        (cpu[p] as number[]).push(count / t.cpu);
      });
      ctx.log.info({ run, decodeEvent: Math.round(count / (times[0] as PathTimes).wall), jsonParse: Math.round(count / (times[1] as PathTimes).wall), parseThenZod: Math.round(count / (times[2] as PathTimes).wall) }, 'events/s (elapsed)');
    }
    const [decodeWall, jsonWall, zodWall] = wall as [number[], number[], number[]];
    const [decodeCpu, jsonCpu, zodCpu] = cpu as [number[], number[], number[]];
    const jsonParse = 'JSON.parse of the same values (no validation)';
    return {
      dataSize: `${count.toLocaleString('en-US')} generated events (70% play, 20% skip, 6% like, 4% share), ${(bytes / 1e6).toFixed(1)} MB of compact JSON, ${Math.round(bytes / count)} bytes/event`,
      comparisons: [
        compare({ metric: 'decodeEvent throughput (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: decodeWall, reference: { name: jsonParse, runs: jsonWall }, absoluteTarget: TARGET_EVENTS_PER_SECOND }),
        compare({ metric: 'decodeEvent throughput (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: decodeCpu, reference: { name: jsonParse, runs: jsonCpu }, absoluteTarget: TARGET_EVENTS_PER_SECOND }),
        compare({ metric: 'JSON.parse + zod validation (fallback path) throughput (elapsed time)', unit: 'events/s', higherIsBetter: true, ours: zodWall, reference: { name: jsonParse, runs: jsonWall } }),
        compare({ metric: 'JSON.parse + zod validation (fallback path) throughput (per CPU second)', unit: 'events/s', higherIsBetter: true, ours: zodCpu, reference: { name: jsonParse, runs: jsonCpu } }),
      ],
      notes: [
        `Load average (1/5/15 min) when the bench started: ${loadAverage}; other processes share this machine's cores. The paths are interleaved in chunks of ${CHUNK} events so that they share the same conditions; "per CPU second" divides by this process's CPU time (GC threads included), which is what one core delivers when it is not taken away.`,
        'decodeEvent = header checks + size check + UTF-8 decode + compact-JSON fast path (anything unusual, invalid UTF-8 included, falls back to the UTF-8 check, JSON.parse and zod).',
        'Values are views into one concatenated buffer, as Kafka clients hand them over; every generated event must be accepted or the bench fails.',
      ],
    };
  },
};
