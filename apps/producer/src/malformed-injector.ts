import { EVENT_HEADERS, JSON_CONTENT_TYPE } from '@music/events';
import { SeededRandom } from '@music/simulator';
import type { OutgoingRecord } from './event-sink';

/** A payload every reader must refuse, by kind (the shape of `MALFORMED_CASES` in @music/events/testing). */
export interface MalformedPayload {
  name: string;
  payload: string | Uint8Array;
}

export interface MalformedRecord {
  kind: string;
  record: OutgoingRecord;
}

// A careless client would still label its garbage as JSON; readers must not trust the label.
const HEADERS: Readonly<Record<string, string>> = Object.freeze({ [EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE });

/**
 * `--bad-ratio`: decides, before each record, whether to send a malformed one instead of the next
 * event, and which kind, from its own seeded stream (so the valid events are the same with or
 * without bad ones, and a seed always injects the same bad ones at the same places).
 */
export class MalformedInjector {
  private readonly random: SeededRandom;
  private readonly values: readonly Buffer[];
  private sequence = 0;

  constructor(
    readonly ratio: number,
    private readonly cases: readonly MalformedPayload[],
    seed: string,
  ) {
    if (!(ratio >= 0 && ratio < 1)) throw new Error(`the bad-record ratio must be in [0, 1), got ${ratio}`);
    if (ratio > 0 && cases.length === 0) throw new Error('a bad-record ratio above 0 needs at least one malformed payload kind');
    this.random = new SeededRandom(`${seed}/malformed`);
    this.values = cases.map((c) => (typeof c.payload === 'string' ? Buffer.from(c.payload, 'utf8') : Buffer.from(c.payload)));
  }

  /** A malformed record to send now, or undefined to send the next event. */
  next(): MalformedRecord | undefined {
    if (this.ratio === 0 || !this.random.chance(this.ratio)) return undefined;
    const index = this.random.int(this.cases.length);
    return {
      kind: (this.cases[index] as MalformedPayload).name,
      record: { key: `malformed-${++this.sequence}`, value: this.values[index] as Buffer, headers: HEADERS },
    };
  }
}
