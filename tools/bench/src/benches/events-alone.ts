import { decodeEvents, type EncodedEvent } from '@music/events';
import { asFetchedRecords, generateEvents } from './generated-events';

// One path of the events bench measured alone, in a process of its own: its heap then holds only
// its input, as the ingest's does, and no other path's garbage is collected in its time.

export const ALONE_PATHS = ['decodeEvents', 'JSON.parse'] as const;
export type AlonePath = (typeof ALONE_PATHS)[number];

/** Records per decodeEvents call: about what one fetch of one partition brings. */
export const DECODE_BATCH = 1_000;

export interface AloneTimes {
  /** Events per CPU second of this process, one figure per pass. */
  cpu: number[];
  /** Events per elapsed second, one figure per pass. */
  wall: number[];
}

/** Runs `path` over the bench's `count` events (generated for `nowMs`), 3 warm-up passes, then `passes` timed ones. */
export function measureAlone(path: AlonePath, count: number, nowMs: number, passes: number): AloneTimes {
  const { records } = asFetchedRecords(generateEvents(count, nowMs));
  const pass = path === 'decodeEvents' ? () => decodeInBatches(records, 0, records.length, nowMs) : () => parseEach(records, 0, records.length);
  for (let i = 0; i < 3; i++) pass();
  const times: AloneTimes = { cpu: [], wall: [] };
  for (let i = 0; i < passes; i++) {
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    const accepted = pass();
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    if (accepted !== count) throw new Error(`events bench: ${path} alone accepted ${accepted} of ${count} generated events`);
    times.cpu.push(count / ((cpu.user + cpu.system) / 1e6));
    times.wall.push(count / wall);
  }
  return times;
}

/** decodeEvents over records [start, end), DECODE_BATCH a call: how many it accepted. */
export function decodeInBatches(records: readonly EncodedEvent[], start: number, end: number, nowMs: number): number {
  let accepted = 0;
  for (let from = start; from < end; from += DECODE_BATCH) {
    for (const result of decodeEvents(records.slice(from, Math.min(end, from + DECODE_BATCH)), { now: nowMs })) if (result.ok) accepted++;
  }
  return accepted;
}

/** JSON.parse of each value of records [start, end), without validation: how many gave an object. */
export function parseEach(records: readonly EncodedEvent[], start: number, end: number): number {
  let parsed = 0;
  for (let i = start; i < end; i++) if (typeof JSON.parse((records[i] as EncodedEvent).value.toString('utf8')) === 'object') parsed++;
  return parsed;
}
