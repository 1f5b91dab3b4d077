/**
 * The numbers the dashboard should show, recomputed from the producer's own NDJSON (the same
 * seed and settings as what went through Kafka), following the written definitions
 * (libs/metrics/README.md): a stream is a play of at least 30 s; days are UTC days.
 */

export interface ProducedEvent {
  event_id: string;
  event_type: 'play' | 'skip' | 'like' | 'share';
  occurred_at: string;
  country: string;
  platform: string;
  ms_played?: number;
  track: { artist_id: string; artist_name: string };
}

const STREAM_MIN_MS = 30_000;

/** One event per event_id (the first), as silver keeps them. */
export function parseEvents(ndjson: string): ProducedEvent[] {
  const seen = new Set<string>();
  const events: ProducedEvent[] = [];
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as ProducedEvent;
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    events.push(event);
  }
  return events;
}

const dayOf = (event: ProducedEvent) => event.occurred_at.slice(0, 10);
const isStream = (event: ProducedEvent) => event.event_type === 'play' && (event.ms_played ?? 0) >= STREAM_MIN_MS;

export function streams(events: readonly ProducedEvent[], days: { from: string; to: string }, only: (event: ProducedEvent) => boolean = () => true): number {
  return events.filter((e) => isStream(e) && dayOf(e) >= days.from && dayOf(e) <= days.to && only(e)).length;
}

/** Most streamed artist of the days (ties: minutes listened, then artist_id), with its streams. */
export function topArtist(events: readonly ProducedEvent[], days: { from: string; to: string }): { name: string; streams: number; runnerUpStreams: number } {
  const byArtist = new Map<string, { name: string; streams: number; ms: number }>();
  for (const e of events) {
    if ((e.event_type !== 'play' && e.event_type !== 'skip') || dayOf(e) < days.from || dayOf(e) > days.to) continue;
    const entry = byArtist.get(e.track.artist_id) ?? { name: e.track.artist_name, streams: 0, ms: 0 };
    entry.streams += isStream(e) ? 1 : 0;
    entry.ms += e.ms_played ?? 0;
    byArtist.set(e.track.artist_id, entry);
  }
  const ranked = [...byArtist].sort(([idA, a], [idB, b]) => b.streams - a.streams || b.ms - a.ms || (idA < idB ? -1 : 1));
  const [first, second] = ranked;
  if (!first) throw new Error('no artist listened to in the range');
  return { name: first[1].name.trim(), streams: first[1].streams, runnerUpStreams: second?.[1].streams ?? 0 };
}

/** Distinct play events with occurred_at in [from, to). */
export function playsBetween(events: readonly ProducedEvent[], from: string, to: string): number {
  const [start, end] = [Date.parse(from), Date.parse(to)];
  return events.filter((e) => e.event_type === 'play' && Date.parse(e.occurred_at) >= start && Date.parse(e.occurred_at) < end).length;
}

/** The country with the most streams in the days, after the first (a filter that changes the numbers). */
export function secondCountry(events: readonly ProducedEvent[], days: { from: string; to: string }): string {
  const counts = new Map<string, number>();
  for (const e of events) if (isStream(e) && dayOf(e) >= days.from && dayOf(e) <= days.to) counts.set(e.country, (counts.get(e.country) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const pick = ranked[1] ?? ranked[0];
  if (!pick) throw new Error('no stream in the range');
  return pick[0];
}
