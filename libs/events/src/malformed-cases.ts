import { makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';

/** One payload that must be refused, and the `path` of the first issue reported for it. */
export interface MalformedCase {
  name: string;
  payload: string | Uint8Array;
  expectedPath: string;
}

const valid = (): Record<string, unknown> => makePlayEvent() as unknown as Record<string, unknown>;
const json = (value: unknown): string => JSON.stringify(value);
const withField = (key: string, value: unknown): string => json({ ...valid(), [key]: value });
const withTrackField = (key: string, value: unknown): string => json({ ...valid(), track: { ...makePlayEvent().track, [key]: value } });
const without = (key: string): string => {
  const event = valid();
  delete event[key];
  return json(event);
};
const validText = json(makePlayEvent());

/**
 * Payloads that every reader must refuse, one per kind of fault, as raw Kafka values. The
 * producer's `--bad-ratio` sends them and ingest's dead-letter tests replay them.
 */
export const MALFORMED_CASES: readonly MalformedCase[] = [
  { name: 'truncated JSON', payload: validText.slice(0, 40), expectedPath: '' },
  { name: 'empty payload', payload: '', expectedPath: '' },
  { name: 'not JSON at all', payload: 'play,usr_0001,trk_0001', expectedPath: '' },
  { name: 'trailing garbage after the object', payload: `${validText}}`, expectedPath: '' },
  { name: 'byte order mark before the object', payload: `\uFEFF${validText}`, expectedPath: '' },
  { name: 'raw control character inside a string', payload: validText.replace('Clair de lune', 'Clair\nde lune'), expectedPath: '' },
  { name: 'invalid UTF-8 bytes', payload: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), expectedPath: '' },
  { name: 'payload over 10 KB', payload: withTrackField('title', 'x'.repeat(11 * 1024)), expectedPath: '' },
  { name: 'JSON array', payload: json([makePlayEvent()]), expectedPath: '' },
  { name: 'JSON null', payload: 'null', expectedPath: '' },
  { name: 'JSON number', payload: '42', expectedPath: '' },
  { name: 'JSON string', payload: '"play"', expectedPath: '' },
  { name: 'deeply nested arrays', payload: `${'['.repeat(4000)}${']'.repeat(4000)}`, expectedPath: '' },
  { name: 'deeply nested object in a field', payload: withField('device', JSON.parse(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`)), expectedPath: 'device' },
  { name: 'unknown event type', payload: withField('event_type', 'pause'), expectedPath: 'event_type' },
  { name: 'missing event type', payload: without('event_type'), expectedPath: 'event_type' },
  { name: 'missing required field', payload: without('user_id'), expectedPath: 'user_id' },
  { name: 'missing schema version', payload: without('schema_version'), expectedPath: 'schema_version' },
  { name: 'schema version from the future', payload: withField('schema_version', 99), expectedPath: 'schema_version' },
  { name: 'schema version as a string', payload: withField('schema_version', '1'), expectedPath: 'schema_version' },
  { name: 'number as a string', payload: withTrackField('duration_ms', '300000'), expectedPath: 'track.duration_ms' },
  { name: 'negative duration', payload: withTrackField('duration_ms', -5), expectedPath: 'track.duration_ms' },
  { name: 'fractional milliseconds', payload: withField('ms_played', 1.5), expectedPath: 'ms_played' },
  { name: 'number beyond double range', payload: validText.replace('"ms_played":300000', '"ms_played":1e400'), expectedPath: 'ms_played' },
  { name: 'boolean as a string', payload: withField('completed', 'true'), expectedPath: 'completed' },
  { name: 'track is null', payload: withField('track', null), expectedPath: 'track' },
  { name: 'unknown extra field', payload: withField('referrer', 'newsletter'), expectedPath: 'referrer' },
  { name: 'unknown field inside track', payload: withTrackField('bpm', 120), expectedPath: 'track.bpm' },
  { name: '__proto__ key (prototype pollution)', payload: `{"__proto__":{"polluted":true},${validText.slice(1)}`, expectedPath: '__proto__' },
  { name: 'constructor.prototype key in track', payload: withTrackField('constructor', { prototype: { polluted: true } }), expectedPath: 'track.constructor' },
  { name: 'field of another event type', payload: json({ ...makeSkipEvent(), completed: false }), expectedPath: 'completed' },
  { name: 'share without channel', payload: json({ ...makeShareEvent(), channel: undefined }), expectedPath: 'channel' },
  { name: 'duplicate key whose last value is invalid', payload: validText.replace('"user_id":"usr_0001"', '"user_id":"usr_0001","user_id":""'), expectedPath: 'user_id' },
  { name: 'occurred before 2000', payload: withField('occurred_at', '1999-12-31T23:59:59.999Z'), expectedPath: 'occurred_at' },
  { name: 'occurred far in the future', payload: withField('occurred_at', '2999-01-01T00:00:00.000Z'), expectedPath: 'occurred_at' },
  { name: 'impossible calendar date', payload: withField('occurred_at', '2025-02-30T10:00:00.000Z'), expectedPath: 'occurred_at' },
  { name: 'timestamp with an offset instead of UTC', payload: withField('occurred_at', '2025-06-01T14:00:00.000+02:00'), expectedPath: 'occurred_at' },
  { name: 'timestamp as epoch number', payload: withField('occurred_at', 1748779200000), expectedPath: 'occurred_at' },
  { name: 'title over its limit', payload: withTrackField('title', 'x'.repeat(301)), expectedPath: 'track.title' },
  { name: 'blank artist name', payload: withTrackField('artist_name', '   '), expectedPath: 'track.artist_name' },
  { name: 'identifier with spaces', payload: withField('session_id', 'ses 0001'), expectedPath: 'session_id' },
  { name: 'event id that is a UUIDv4', payload: withField('event_id', '9b2f4c1e-8a7d-4e3b-9f6a-1c2d3e4f5a6b'), expectedPath: 'event_id' },
  { name: 'lower-case country code', payload: withField('country', 'fr'), expectedPath: 'country' },
  { name: 'unknown time zone', payload: withField('timezone', 'Mars/Olympus_Mons'), expectedPath: 'timezone' },
  { name: 'unknown platform', payload: withField('platform', 'fax'), expectedPath: 'platform' },
  { name: 'app version that is not semantic', payload: withField('app_version', 'latest'), expectedPath: 'app_version' },
  { name: 'listened longer than six hours', payload: withField('ms_played', 6 * 60 * 60 * 1000 + 1), expectedPath: 'ms_played' },
];
