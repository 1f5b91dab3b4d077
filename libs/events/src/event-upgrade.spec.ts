import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, likeEventSchema, listeningEventSchema, playEventSchema, shareEventSchema, skipEventSchema, type ListeningEvent } from './event-schema';
import { EventVersionChain } from './event-upgrade';
import { LISTENING_EVENT_VERSIONS } from './event-versions';
import { validateEvent } from './event-validation';
import { makeLikeEvent, makePlayEvent } from './event-factories';
import { decodeEvent, encodeEvent } from './kafka-codec';

// Version 1 is the only published version, so these tests build the next ones as the evolution
// rule allows (new nullable fields only) and check that readers of v2/v3 still read v1.
const NOW = Date.parse('2025-06-01T12:30:00.000Z');

const context = z.strictObject({ playlist_id: z.string() }).nullable();
const v2Fields = { schema_version: z.literal(2), context };
const v2Schema = z.discriminatedUnion('event_type', [
  playEventSchema.extend(v2Fields),
  skipEventSchema.extend(v2Fields),
  likeEventSchema.extend(v2Fields),
  shareEventSchema.extend(v2Fields),
]);
type V2Event = z.infer<typeof v2Schema>;
const v3Fields = { ...v2Fields, schema_version: z.literal(3), referrer: z.string().nullable() };
const v3Schema = z.discriminatedUnion('event_type', [
  playEventSchema.extend(v3Fields),
  skipEventSchema.extend(v3Fields),
  likeEventSchema.extend(v3Fields),
  shareEventSchema.extend(v3Fields),
]);
type V3Event = z.infer<typeof v3Schema>;

const upgrades: string[] = [];
const v1Step = {
  version: 1,
  schema: listeningEventSchema,
  upgrade: (event: ListeningEvent) => {
    upgrades.push('1→2');
    return { ...event, schema_version: 2, context: null };
  },
};
const v2Step = {
  version: 2,
  schema: v2Schema,
  upgrade: (event: V2Event) => {
    upgrades.push('2→3');
    return { ...event, schema_version: 3, referrer: null };
  },
};
const readerAtV2 = new EventVersionChain<V2Event>({ current: { version: 2, schema: v2Schema }, older: [v1Step] });
const readerAtV3 = new EventVersionChain<V3Event>({ current: { version: 3, schema: v3Schema }, older: [v2Step, v1Step] });

const asRecord = (value: unknown) => value as Record<string, unknown>;

describe('EventVersionChain', () => {
  beforeEach(() => upgrades.splice(0));

  it('upgrades a v1 event for a v2 reader, changing nothing else', () => {
    const v1 = makePlayEvent();
    expect(readerAtV2.read(asRecord(v1))).toEqual({ ok: true, event: { ...v1, schema_version: 2, context: null } });
  });

  it('reads current-version events as they are', () => {
    const event = { ...makeLikeEvent(), schema_version: 2, context: { playlist_id: 'pl_1' } };
    expect(readerAtV2.read(event)).toEqual({ ok: true, event });
    expect(upgrades).toEqual([]);
  });

  it('chains upgraders in order for readers several versions ahead', () => {
    const v1 = makeLikeEvent();
    expect(readerAtV3.read(asRecord(v1))).toEqual({ ok: true, event: { ...v1, schema_version: 3, context: null, referrer: null } });
    expect(upgrades).toEqual(['1→2', '2→3']);
    upgrades.splice(0);
    const fromV2 = { ...v1, schema_version: 2, context: { playlist_id: 'pl_9' } };
    expect(readerAtV3.read(fromV2)).toEqual({ ok: true, event: { ...fromV2, schema_version: 3, referrer: null } });
    expect(upgrades).toEqual(['2→3']);
  });

  it('validates an old event against its own version: a field from a later version is unknown there', () => {
    const v1WithV2Field = { ...makePlayEvent(), context: { playlist_id: 'pl_1' } };
    const result = readerAtV2.read(v1WithV2Field);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['context']);
    expect(upgrades).toEqual([]);
  });

  it('names faults of old events by their own paths', () => {
    const result = readerAtV3.read(asRecord(makePlayEvent({ track: { duration_ms: -5 } })));
    expect(!result.ok && result.issues).toEqual([expect.objectContaining({ path: 'track.duration_ms', received: '-5' })]);
  });

  it('refuses versions from the future with a clear reason', () => {
    const result = readerAtV2.read({ ...makePlayEvent(), schema_version: 3, context: null, referrer: null });
    expect(!result.ok && result.issues).toEqual([
      {
        path: 'schema_version',
        expected: 'a schema version from 1 to 2',
        received: '3',
        message: 'schema_version: expected a schema version from 1 to 2, received 3 (written by a newer producer; this reader knows versions up to 2, upgrade it before reading version 3)',
      },
    ]);
  });

  it.each([0, -1, 1.5, '1', null])('refuses schema_version %p', (version) => {
    const result = LISTENING_EVENT_VERSIONS.read({ ...makePlayEvent(), schema_version: version });
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['schema_version']);
  });

  it('reports an upgrader that produces an invalid event instead of passing it on', () => {
    const broken = new EventVersionChain<V2Event>({
      current: { version: 2, schema: v2Schema },
      older: [{ ...v1Step, upgrade: (event: ListeningEvent) => ({ ...event, schema_version: 2 }) }],
    });
    const result = broken.read(asRecord(makePlayEvent()));
    expect(!result.ok && result.issues).toEqual([
      expect.objectContaining({ path: 'context', received: '(missing)', message: expect.stringContaining('after upgrading from version 1') }),
    ]);
  });

  it('refuses incomplete or inconsistent definitions when built', () => {
    expect(() => new EventVersionChain({ current: { version: 3, schema: v3Schema }, older: [v2Step] })).toThrow('version 1 has no schema and upgrader');
    expect(() => new EventVersionChain({ current: { version: 2, schema: v2Schema }, older: [v1Step, v1Step] })).toThrow('version 1 is defined twice');
    expect(() => new EventVersionChain({ current: { version: 2, schema: v2Schema }, older: [v1Step, { ...v2Step, version: 5 }] })).toThrow(
      'older versions must be 1 to 1, got 5',
    );
    expect(() => new EventVersionChain({ current: { version: 0, schema: v2Schema }, older: [] })).toThrow('current version must be');
  });

  it('is what validateEvent and decodeEvent use, so a v2 reader takes v1 records from Kafka', () => {
    const record = encodeEvent(makePlayEvent());
    expect(validateEvent(record.value, { now: NOW, versions: readerAtV2 })).toEqual({ ok: true, event: { ...makePlayEvent(), schema_version: 2, context: null } });
    expect(decodeEvent(record.value, record.headers, { now: NOW, versions: readerAtV2 }).ok).toBe(true);
    expect(decodeEvent(record.value, { ...record.headers, 'schema-version': '3' }, { now: NOW, versions: readerAtV2 }).ok).toBe(false);
    // The header must agree with the version the body declares, not with the upgraded one.
    const mismatch = decodeEvent(record.value, { ...record.headers, 'schema-version': '2' }, { now: NOW, versions: readerAtV2 });
    expect(!mismatch.ok && mismatch.issues.map((i) => i.path)).toEqual(['headers.schema-version']);
  });

  it('is at the current version in production, with nothing to upgrade yet', () => {
    expect(LISTENING_EVENT_VERSIONS.current).toBe(CURRENT_SCHEMA_VERSION);
    expect(LISTENING_EVENT_VERSIONS.read(asRecord(makePlayEvent()))).toEqual({ ok: true, event: makePlayEvent() });
  });
});
