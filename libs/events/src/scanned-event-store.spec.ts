import { SCANNED_MEMBERS } from './compact-event-scanner';
import { decodeEvents } from './event-batch-decoder';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from './event-factories';
import { encodeEvent } from './kafka-codec';
import { ScannedEventStore } from './scanned-event-store';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');

/** The text the store kept for a member of a row, decoded as UTF-8. */
function keptText(store: ScannedEventStore, row: number, member: (typeof SCANNED_MEMBERS)[number]): string {
  const at = row * store.slotsPerRecord + store.layout.strings + 2 * SCANNED_MEMBERS.indexOf(member);
  return Buffer.from(store.values.subarray(store.slots[at] as number, store.slots[at + 1] as number)).toString('utf8');
}

describe('ScannedEventStore', () => {
  it('keeps, for each event decodeEvents read through the scanner, its values as UTF-8 bytes, escapes decoded', () => {
    const titles = ['plain', 'Cœur "wild" \\ 🎵', 'tab\tand\nnewline \u0001', 'é by escape', '𝄞 pair by escape'];
    const events = [
      ...titles.map((title) => makePlayEvent({ track: { ...makePlayEvent().track, title } })),
      makeSkipEvent({ device: 'Pixel "8"' }),
      makeLikeEvent({ user_id: 'u-42' }),
      makeShareEvent(),
    ];
    const values = events.map((event) => encodeEvent(event).value);
    // Escapes JSON.stringify does not write: \u00e9 and a surrogate pair \ud834\udd1e.
    values[3] = Buffer.from(values[3]!.toString('utf8').replace('é by escape', '\\u00e9 by escape'));
    values[4] = Buffer.from(values[4]!.toString('utf8').replace('𝄞', '\\ud834\\udd1e'));
    const records = [...values.map((value) => ({ value })), { value: Buffer.from('{"not":"an event"}') }, { value: Buffer.from(JSON.stringify(events[0], null, 2)) }];
    const store = new ScannedEventStore(records.length, 16);
    const decoded = decodeEvents(records, { now: NOW, retain: store });

    expect(decoded.map((result) => result.ok)).toEqual([...events.map(() => true), false, true]);
    // The invalid record and the one the scanner leaves to the full path (spaces) are not kept.
    expect(Array.from({ length: records.length }, (_, index) => store.rowOf(index))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, -1, -1]);
    expect(store.rows).toBe(events.length);
    events.forEach((event, row) => {
      expect(keptText(store, row, 'title')).toBe(event.track.title);
      expect(keptText(store, row, 'event_id')).toBe(event.event_id);
      expect(keptText(store, row, 'occurred_at')).toBe(event.occurred_at);
      expect(keptText(store, row, 'user_id')).toBe(event.user_id);
      expect(keptText(store, row, 'device')).toBe(event.device);
      expect(store.slots[row * store.slotsPerRecord + store.layout.durationMs]).toBe(event.track.duration_ms);
    });
  });

  it('writes a lone surrogate escape as U+FFFD, as any UTF-8 writer of the row does', () => {
    const event = makePlayEvent({ track: { ...makePlayEvent().track, title: 'half X a pair' } });
    const value = Buffer.from(encodeEvent(event).value.toString('utf8').replace('half X', 'half \\ud800'));
    const store = new ScannedEventStore(1);
    const [result] = decodeEvents([{ value }], { now: NOW, retain: store });
    expect(result?.ok && result.event.track.title).toBe('half \ud800 a pair');
    expect(keptText(store, 0, 'title')).toBe('half \ufffd a pair');
  });
});
