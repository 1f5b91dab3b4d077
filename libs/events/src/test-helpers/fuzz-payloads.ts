import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '../event-factories';
import { seededRandom } from '@music/test-support';

export { seededRandom };

type Random = () => number;
const int = (random: Random, below: number): number => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const ODD_STRINGS = ['', ' ', '\u0000', '\t', 'é', '😀', '\ud800', '__proto__', 'constructor', '\\', '"', 'Europe/Paris', 'FR', 'play', '1', 'x'.repeat(400)];
const ODD_NUMBERS = [0, -0, -1, 1, 1.5, -5, 2 ** 53, 1e308, -1e308, 21_600_000, 21_600_001, Number.MAX_SAFE_INTEGER + 2];

function randomValue(random: Random, depth = 0): unknown {
  switch (int(random, depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, ODD_NUMBERS);
    case 3:
      return pick(random, ODD_STRINGS);
    case 4:
      return String.fromCharCode(...Array.from({ length: int(random, 12) }, () => int(random, 0x3000)));
    case 5:
      return Array.from({ length: int(random, 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(random, 4) }, () => [pick(random, ODD_STRINGS), randomValue(random, depth + 1)]));
  }
}

function validEvent(random: Random): Record<string, unknown> {
  const maker = pick(random, [makePlayEvent, makeSkipEvent, makeLikeEvent, makeShareEvent]);
  return maker({ user_id: `usr_${int(random, 1e6)}`, track: { title: pick(random, ['Été indien', 'Blue', '坂本龍一 — Merry Christmas', "Don't Stop"]) } }) as unknown as Record<string, unknown>;
}

const KEYS = ['event_id', 'schema_version', 'event_type', 'occurred_at', 'user_id', 'session_id', 'track', 'platform', 'device', 'country', 'timezone', 'app_version', 'ms_played', 'completed', 'channel'];
const TRACK_KEYS = ['track_id', 'title', 'artist_id', 'artist_name', 'genre', 'duration_ms'];

/** A valid event with one to three structural changes (drop, add, retype a member). */
function mutatedObject(random: Random): Record<string, unknown> {
  const event = validEvent(random);
  const track = { ...(event['track'] as Record<string, unknown>) };
  event['track'] = track;
  for (let i = 0, n = 1 + int(random, 3); i < n; i++) {
    const target = random() < 0.7 ? event : track;
    const key = pick(random, target === event ? KEYS : TRACK_KEYS);
    const action = int(random, 3);
    if (action === 0) delete target[key];
    else if (action === 1) target[key] = randomValue(random);
    else target[pick(random, ODD_STRINGS)] = randomValue(random);
  }
  return event;
}

/** The JSON text of a valid event with one to three character-level edits. */
function mutatedText(random: Random): string {
  let text = JSON.stringify(validEvent(random));
  for (let i = 0, n = 1 + int(random, 3); i < n; i++) {
    const at = int(random, text.length + 1);
    switch (int(random, 6)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1 + int(random, 8));
        break;
      case 1:
        text = text.slice(0, at) + pick(random, ['"', ',', ':', '{', '}', '[', ']', ' ', '\\', '0', '-', 'e', '.', '\n', 'é']) + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at);
        break;
      case 3:
        // The same value written with an escape: valid JSON the fast path leaves to JSON.parse.
        text = text.replace('"Europe/Paris"', '"Europe\\/Paris"');
        break;
      case 4:
        text = text.replace(/"(\w+)":/, (_m, key: string) => `"${key}":${JSON.stringify(randomValue(random))},"${key}":`);
        break;
      default:
        text = text.replace(/(\d)(?=[,}])/, (digit: string) => pick(random, [`${digit}.0`, `${digit}e0`, `${digit}1`, `0${digit}`, ` ${digit}`]));
    }
  }
  return text;
}

/**
 * `count` seeded payloads for fuzz tests of anything that reads events: random bytes, random
 * text, valid events, structurally mutated events and character-mutated JSON. The same seed
 * gives the same payloads.
 */
export function fuzzPayloads(count: number, seed = 1): (string | Uint8Array)[] {
  const random = seededRandom(seed);
  const payloads: (string | Uint8Array)[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 6) {
      case 0:
        payloads.push(Uint8Array.from({ length: int(random, 600) }, () => int(random, 256)));
        break;
      case 1:
        payloads.push(Buffer.from(JSON.stringify(random() < 0.5 ? validEvent(random) : randomValue(random)), 'utf8'));
        break;
      case 2:
        payloads.push(JSON.stringify(mutatedObject(random)));
        break;
      case 3:
      case 4:
        payloads.push(mutatedText(random));
        break;
      default:
        payloads.push(JSON.stringify(validEvent(random), null, random() < 0.5 ? 2 : undefined));
    }
  }
  return payloads;
}
