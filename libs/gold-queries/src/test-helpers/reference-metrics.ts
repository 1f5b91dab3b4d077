import type { ListeningEvent } from '@music/events';

/**
 * The metrics recomputed in plain TypeScript from the generated events, following the written
 * definitions (libs/metrics/README.md), to check the API against something other than its SQL.
 */

const STREAM_MIN_MS = 30_000;
const BUCKETS = ['night', 'morning', 'afternoon', 'evening'] as const;

export interface ListeningFact {
  day: string;
  user: string;
  type: ListeningEvent['event_type'];
  isStream: boolean;
  isStart: boolean;
  msListened: number;
  artistId: string;
  artistName: string;
  trackId: string;
  trackTitle: string;
  genre: string;
  country: string;
  platform: string;
  device: string;
  localHour: number;
  hourBucket: (typeof BUCKETS)[number];
  at: number;
}

function localHour(at: string, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(at));
  return Number(hour);
}

/** One fact per distinct event_id (the first seen), normalised like silver. */
export function listeningFacts(events: readonly ListeningEvent[]): ListeningFact[] {
  const seen = new Set<string>();
  const facts: ListeningFact[] = [];
  for (const event of events) {
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    const msPlayed = event.event_type === 'play' || event.event_type === 'skip' ? event.ms_played : 0;
    const hour = localHour(event.occurred_at, event.timezone);
    facts.push({
      day: event.occurred_at.slice(0, 10),
      user: event.user_id,
      type: event.event_type,
      isStream: event.event_type === 'play' && event.ms_played >= STREAM_MIN_MS,
      isStart: event.event_type === 'play' || event.event_type === 'skip',
      msListened: msPlayed,
      artistId: event.track.artist_id,
      artistName: event.track.artist_name.trim(),
      trackId: event.track.track_id,
      trackTitle: event.track.title.trim(),
      genre: event.track.genre.trim().toLowerCase(),
      country: event.country.toUpperCase(),
      platform: event.platform.toLowerCase(),
      device: event.device.trim(),
      localHour: hour,
      hourBucket: BUCKETS[Math.floor(hour / 6)] as (typeof BUCKETS)[number],
      at: Date.parse(event.occurred_at),
    });
  }
  return facts;
}

const inRange = (range: { from: string; to: string }) => (fact: ListeningFact) => fact.day >= range.from && fact.day <= range.to;

/** Sum over days of the distinct users with a stream that day (gold keeps listeners per day). */
function listenerDays(facts: readonly ListeningFact[]): number {
  return new Set(facts.filter((f) => f.isStream).map((f) => `${f.day}|${f.user}`)).size;
}

export interface PeriodTotals {
  streams: number;
  listenerDays: number;
  minutes: number;
  likes: number;
  shares: number;
  plays: number;
  skips: number;
}

/** Totals of the facts of `range`; with `before` (epoch ms), only those that happened before it. */
export function periodTotals(facts: readonly ListeningFact[], range: { from: string; to: string }, before = Infinity): PeriodTotals {
  const selected = facts.filter(inRange(range)).filter((f) => f.at < before);
  return {
    streams: selected.filter((f) => f.isStream).length,
    listenerDays: listenerDays(selected),
    minutes: selected.reduce((sum, f) => sum + f.msListened, 0) / 60_000,
    likes: selected.filter((f) => f.type === 'like').length,
    shares: selected.filter((f) => f.type === 'share').length,
    plays: selected.filter((f) => f.type === 'play').length,
    skips: selected.filter((f) => f.type === 'skip').length,
  };
}

export interface GroupTotals {
  key: string;
  name: string;
  streams: number;
  plays: number;
  skips: number;
  minutes: number;
  listenerDays: number;
}

/**
 * Listening (plays and skips) over the range grouped by `key`, most streams first, then minutes,
 * then key; `name` is the latest name seen for the key (by day, as the daily tables keep it).
 */
export function groupTotals(
  facts: readonly ListeningFact[],
  range: { from: string; to: string },
  key: (fact: ListeningFact) => string,
  name: (fact: ListeningFact) => string = key,
  tieBreak: 'minutes' | 'plays' = 'minutes',
): GroupTotals[] {
  const groups = new Map<string, ListeningFact[]>();
  for (const fact of facts.filter(inRange(range)).filter((f) => f.isStart)) {
    const list = groups.get(key(fact)) ?? [];
    list.push(fact);
    groups.set(key(fact), list);
  }
  const totals = [...groups].map(([groupKey, list]) => {
    const latestDay = list.reduce((max, f) => (f.day > max ? f.day : max), '');
    const ofLatestDay = list.filter((f) => f.day === latestDay).sort((a, b) => b.at - a.at);
    return {
      key: groupKey,
      name: name(ofLatestDay[0] as ListeningFact),
      streams: list.filter((f) => f.isStream).length,
      plays: list.filter((f) => f.type === 'play').length,
      skips: list.filter((f) => f.type === 'skip').length,
      minutes: list.reduce((sum, f) => sum + f.msListened, 0) / 60_000,
      listenerDays: listenerDays(list),
    };
  });
  return totals.sort((a, b) => b.streams - a.streams || b[tieBreak] - a[tieBreak] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface DailySeriesPoint {
  day: string;
  plays: number;
  streams: number;
  listeners: number;
}

export function dailySeries(facts: readonly ListeningFact[], days: readonly string[], only: (fact: ListeningFact) => boolean = () => true): DailySeriesPoint[] {
  return days.map((day) => {
    const ofDay = facts.filter((f) => f.day === day && only(f));
    return {
      day,
      plays: ofDay.filter((f) => f.type === 'play').length,
      streams: ofDay.filter((f) => f.isStream).length,
      listeners: new Set(ofDay.filter((f) => f.isStream).map((f) => f.user)).size,
    };
  });
}

export interface TrendingArtist {
  artistId: string;
  streamsCurrent: number;
  streamsPrevious: number;
  trendScore: number;
}

/** Artists with at least `minStreams` streams in the `windowDays` ending on `asOf`, best trend_score first. */
export function trendingArtists(facts: readonly ListeningFact[], asOf: string, windowDays: number, minStreams: number, addDays: (day: string, n: number) => string): TrendingArtist[] {
  const currentFrom = addDays(asOf, -(windowDays - 1));
  const previousFrom = addDays(asOf, -(2 * windowDays - 1));
  const byArtist = new Map<string, { current: number; previous: number }>();
  for (const fact of facts.filter((f) => f.isStream && f.day >= previousFrom && f.day <= asOf)) {
    const counts = byArtist.get(fact.artistId) ?? { current: 0, previous: 0 };
    if (fact.day >= currentFrom) counts.current++;
    else counts.previous++;
    byArtist.set(fact.artistId, counts);
  }
  return [...byArtist]
    .filter(([, c]) => c.current >= minStreams)
    .map(([artistId, c]) => ({ artistId, streamsCurrent: c.current, streamsPrevious: c.previous, trendScore: (c.current - c.previous) / (c.previous + minStreams) }))
    .sort((a, b) => b.trendScore - a.trendScore || b.streamsCurrent - a.streamsCurrent || (a.artistId < b.artistId ? -1 : 1));
}
