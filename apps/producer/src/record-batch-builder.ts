import { CURRENT_SCHEMA_VERSION, EVENT_HEADERS, EVENT_TYPES, JSON_CONTENT_TYPE, type EventType, type ListeningEvent } from '@music/events';
import type { ListeningSimulator } from '@music/simulator';
import type { MalformedInjector } from './malformed-injector';
import { RecordBatch } from './record-batch';

/** The same headers `encodeEvent` writes, shared by every record of a type instead of rebuilt. */
const HEADERS_BY_TYPE: Readonly<Record<EventType, Readonly<Record<string, string>>>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [
    type,
    Object.freeze({ [EVENT_HEADERS.schemaVersion]: String(CURRENT_SCHEMA_VERSION), [EVENT_HEADERS.eventType]: type, [EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE }),
  ]),
) as Record<string, Readonly<Record<string, string>>> as Record<EventType, Readonly<Record<string, string>>>;

/** Room asked for before writing an event: simulated events are well under 2 kB. */
const EVENT_ROOM = 4 * 1024;
/** Room for an event the simulator says did not fit: more than any valid event (10 kB). */
const LARGE_EVENT_ROOM = 64 * 1024;

/**
 * Turns simulated events into Kafka records: each event's compact JSON is written by the
 * simulator straight into the batch's buffers (no JSON.stringify, no per-record allocation).
 */
export class RecordBatchBuilder {
  /** An event drawn from the simulator but not due yet (live mode): sent by a later batch. */
  private pending: ListeningEvent | undefined;
  private exhausted = false;

  constructor(
    private readonly simulator: ListeningSimulator,
    private readonly malformed: MalformedInjector,
    private readonly collectIds: boolean,
  ) {}

  /** True once the simulation has reached its end and everything was handed out. */
  get finished(): boolean {
    return this.exhausted && this.pending === undefined;
  }

  /** Instant of the next event, or undefined when the simulation is over. */
  nextEventAt(): number | undefined {
    const event = this.peek();
    return event === undefined ? undefined : Date.parse(event.occurred_at);
  }

  /**
   * Up to `maxRecords` records and about `maxBytes` of values (one record may cross it), stopping
   * early at an event later than `dueByMs` (live pacing) or at the end of the simulation.
   */
  build(maxRecords: number, dueByMs = Infinity, maxBytes = Infinity): RecordBatch {
    const batch = new RecordBatch();
    while (batch.length < maxRecords && batch.bytes < maxBytes) {
      const event = this.peek();
      if (event === undefined) break;
      if (dueByMs !== Infinity && Date.parse(event.occurred_at) > dueByMs) break;
      const bad = this.malformed.next();
      if (bad !== undefined) {
        batch.add(bad.record.key, bad.record.headers, bad.record.value);
        batch.malformedKinds.push(bad.kind);
        continue;
      }
      let size = this.simulator.writeLastEventJson(batch.writeTarget(EVENT_ROOM), batch.offset);
      if (size < 0) size = this.simulator.writeLastEventJson(batch.writeTarget(LARGE_EVENT_ROOM), batch.offset);
      if (size < 0) throw new Error(`event ${event.event_id} does not fit in ${LARGE_EVENT_ROOM} bytes`);
      batch.commit(event.user_id, HEADERS_BY_TYPE[event.event_type], size);
      batch.eventsByType[event.event_type]++;
      if (this.collectIds) batch.eventIds.push(event.event_id);
      batch.firstOccurredAt ??= event.occurred_at;
      batch.lastOccurredAt = event.occurred_at;
      this.pending = undefined;
    }
    return batch;
  }

  // The simulator's fast JSON writer serialises the event `next()` returned last, so an event is
  // held here, not copied, until it is written: nothing calls next() in between.
  private peek(): ListeningEvent | undefined {
    if (this.pending === undefined && !this.exhausted) {
      this.pending = this.simulator.next();
      if (this.pending === undefined) this.exhausted = true;
    }
    return this.pending;
  }
}
