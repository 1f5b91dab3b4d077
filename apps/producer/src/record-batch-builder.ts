import { CURRENT_SCHEMA_VERSION, EVENT_HEADERS, EVENT_TYPES, JSON_CONTENT_TYPE } from '@music/events';
import type { ListeningSimulator } from '@music/simulator';
import type { MalformedInjector } from './malformed-injector';
import { RecordBatch } from './record-batch';

/** The same headers `encodeEvent` writes, shared by every record of a type instead of rebuilt; by index in EVENT_TYPES. */
const HEADERS_BY_TYPE_INDEX: readonly Readonly<Record<string, string>>[] = EVENT_TYPES.map((type) =>
  Object.freeze({ [EVENT_HEADERS.schemaVersion]: String(CURRENT_SCHEMA_VERSION), [EVENT_HEADERS.eventType]: type, [EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE }),
);

/** Room asked for before writing an event: simulated events are well under 2 kB. */
const EVENT_ROOM = 4 * 1024;
/** Room for an event the simulator says did not fit: more than any valid event (10 kB). */
const LARGE_EVENT_ROOM = 64 * 1024;

/**
 * Turns simulated events into Kafka records: each event's compact JSON is written by the
 * simulator straight into the batch's buffers from its own state (no event object, no string,
 * no JSON.stringify, no per-record allocation).
 */
export class RecordBatchBuilder {
  /** True while the simulator's last event is drawn but not handed out yet (live mode: not due yet). */
  private pending = false;
  private exhausted = false;

  constructor(
    private readonly simulator: ListeningSimulator,
    private readonly malformed: MalformedInjector,
    private readonly collectIds: boolean,
  ) {}

  /** True once the simulation has reached its end and everything was handed out. */
  get finished(): boolean {
    return this.exhausted && !this.pending;
  }

  /** Instant of the next event, or undefined when the simulation is over. */
  nextEventAt(): number | undefined {
    return this.peek() ? this.simulator.lastOccurredMs : undefined;
  }

  /**
   * Up to `maxRecords` records and about `maxBytes` of values (one record may cross it), stopping
   * early at an event later than `dueByMs` (live pacing) or at the end of the simulation.
   */
  build(maxRecords: number, dueByMs = Infinity, maxBytes = Infinity): RecordBatch {
    const batch = new RecordBatch();
    const simulator = this.simulator;
    const countsByType = new Array<number>(EVENT_TYPES.length).fill(0);
    let firstMs = NaN;
    let lastMs = NaN;
    while (batch.length < maxRecords && batch.bytes < maxBytes) {
      if (!this.peek()) break;
      const occurredMs = simulator.lastOccurredMs;
      if (occurredMs > dueByMs) break;
      const bad = this.malformed.next();
      if (bad !== undefined) {
        batch.add(bad.record.key, bad.record.headers, bad.record.value);
        batch.malformedKinds.push(bad.kind);
        continue;
      }
      let size = simulator.writeLastEventJson(batch.writeTarget(EVENT_ROOM), batch.offset);
      if (size < 0) size = simulator.writeLastEventJson(batch.writeTarget(LARGE_EVENT_ROOM), batch.offset);
      if (size < 0) throw new Error(`event ${simulator.lastEventId()} does not fit in ${LARGE_EVENT_ROOM} bytes`);
      const type = simulator.lastEventTypeIndex;
      batch.commit(simulator.lastUserId, HEADERS_BY_TYPE_INDEX[type] as Readonly<Record<string, string>>, size);
      countsByType[type] = (countsByType[type] as number) + 1;
      if (this.collectIds) batch.eventIds.push(simulator.lastEventId());
      if (Number.isNaN(firstMs)) firstMs = occurredMs;
      lastMs = occurredMs;
      this.pending = false;
    }
    EVENT_TYPES.forEach((type, index) => (batch.eventsByType[type] += countsByType[index] as number));
    // occurred_at is the ISO form of the event's millisecond (the simulator writes exactly that).
    if (!Number.isNaN(firstMs)) {
      batch.firstOccurredAt = new Date(firstMs).toISOString();
      batch.lastOccurredAt = new Date(lastMs).toISOString();
    }
    return batch;
  }

  // The simulator writes the event of its last step, so an event stays pending there, not
  // copied, until it is written: nothing advances the simulator in between.
  private peek(): boolean {
    if (!this.pending && !this.exhausted) {
      this.pending = this.simulator.advance();
      if (!this.pending) this.exhausted = true;
    }
    return this.pending;
  }
}
