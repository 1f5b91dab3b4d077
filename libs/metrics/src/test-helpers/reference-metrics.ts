import { QUALIFIED_PLAY_MIN_MS, type BronzeRow, type GoldRow, type GoldTableName, type SilverRow } from '@music/tables';

// The definitions of README.md, written again in plain TypeScript, independently of the SQL:
// local time comes from Intl, dedup from a Map, aggregates from loops.

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    let timeZone = zone;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      timeZone = 'UTC';
    }
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formatters.set(zone, format);
  }
  return format;
}

/** The wall clock of `instant` in `zone`: date, hour and ISO weekday. */
export function localClock(instant: string, zone: string): { date: string; hour: number; dayOfWeek: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, hour: Number(parts['hour']), dayOfWeek: WEEKDAYS.indexOf(parts['weekday'] as string) + 1 };
}

function bucketOf(hour: number): string {
  if (hour <= 5) return 'night';
  if (hour <= 11) return 'morning';
  if (hour <= 17) return 'afternoon';
  return 'evening';
}

function copyOrder(a: BronzeRow, b: BronzeRow): number {
  return (
    Date.parse(a.ingested_at) - Date.parse(b.ingested_at) ||
    (a.source_topic < b.source_topic ? -1 : a.source_topic > b.source_topic ? 1 : 0) ||
    a.source_partition - b.source_partition ||
    a.source_offset - b.source_offset
  );
}

/** Silver rows as the README defines them, from every bronze row ever appended. */
export function referenceSilver(bronze: readonly BronzeRow[]): SilverRow[] {
  const kept = new Map<string, BronzeRow>();
  for (const row of bronze) {
    const current = kept.get(row.event_id);
    if (!current || copyOrder(row, current) < 0) kept.set(row.event_id, row);
  }
  return [...kept.values()].map((row) => {
    const occurredAt = new Date(Date.parse(row.occurred_at)).toISOString();
    const zone = row.timezone.trim();
    const local = localClock(occurredAt, zone);
    const eventType = row.event_type.trim().toLowerCase();
    const listened = eventType === 'play' || eventType === 'skip' ? (row.ms_played ?? 0) : 0;
    return {
      event_id: row.event_id,
      schema_version: row.schema_version,
      event_type: eventType,
      occurred_at: occurredAt,
      event_date: occurredAt.slice(0, 10),
      user_id: row.user_id.trim(),
      session_id: row.session_id.trim(),
      track_id: row.track_id.trim(),
      track_title: row.track_title.trim(),
      artist_id: row.artist_id.trim(),
      artist_name: row.artist_name.trim(),
      genre: row.genre.trim().toLowerCase(),
      duration_ms: row.duration_ms,
      ms_played: row.ms_played,
      completed: row.completed,
      share_channel: row.share_channel,
      platform: row.platform.trim().toLowerCase(),
      device: row.device.trim(),
      country: row.country.trim().toUpperCase(),
      timezone: zone,
      app_version: row.app_version.trim(),
      local_date: local.date,
      local_hour: local.hour,
      local_day_of_week: local.dayOfWeek,
      hour_bucket: bucketOf(local.hour),
      is_stream: eventType === 'play' && (row.ms_played ?? 0) >= QUALIFIED_PLAY_MIN_MS,
      ms_listened: listened,
      minutes_listened: listened / 60_000,
      source_topic: row.source_topic,
      source_partition: row.source_partition,
      source_offset: row.source_offset,
      ingested_at: new Date(Date.parse(row.ingested_at)).toISOString(),
    };
  });
}

function groupBy<Row>(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const isListening = (row: SilverRow): boolean => row.event_type === 'play' || row.event_type === 'skip';
const later = (a: SilverRow, b: SilverRow): boolean => a.occurred_at > b.occurred_at || (a.occurred_at === b.occurred_at && a.event_id > b.event_id);
const latest = (rows: readonly SilverRow[]): SilverRow => rows.reduce((best, row) => (later(row, best) ? row : best));

function listening(rows: readonly SilverRow[]) {
  const listened = rows.reduce((sum, row) => sum + row.ms_listened, 0);
  return {
    plays: rows.filter((row) => row.event_type === 'play').length,
    streams: rows.filter((row) => row.is_stream).length,
    skips: rows.filter((row) => row.event_type === 'skip').length,
    listeners: new Set(rows.filter((row) => row.is_stream).map((row) => row.user_id)).size,
    minutes_listened: listened / 60_000,
  };
}

/** Counts of every event type and the minutes listened, as daily_active_listeners and activity_per_minute keep them. */
function activity(rows: readonly SilverRow[]) {
  const { plays, streams, skips, minutes_listened } = listening(rows);
  return {
    events: rows.length,
    plays,
    streams,
    skips,
    likes: rows.filter((row) => row.event_type === 'like').length,
    shares: rows.filter((row) => row.event_type === 'share').length,
    minutes_listened,
  };
}

/** Adds rank_in_* numbered 1.. within each group, after sorting with `order`. */
function ranked<Row, Column extends string>(rows: Row[], group: (row: Row) => string, order: (a: Row, b: Row) => number, column: Column): (Row & Record<Column, number>)[] {
  const out: (Row & Record<Column, number>)[] = [];
  for (const members of groupBy(rows, group).values()) {
    members.sort(order).forEach((row, i) => out.push({ ...row, [column]: i + 1 } as Row & Record<Column, number>));
  }
  return out;
}

const byStreams = <Row extends { streams: number; minutes_listened: number }>(id: (row: Row) => string) => (a: Row, b: Row) =>
  b.streams - a.streams || b.minutes_listened - a.minutes_listened || (id(a) < id(b) ? -1 : 1);

function topArtists(silver: readonly SilverRow[]): GoldRow<'top_artists_daily'>[] {
  const rows = [...groupBy(silver.filter(isListening), (row) => `${row.event_date}|${row.artist_id}`).values()].map((group) => {
    const last = latest(group);
    const m = listening(group);
    return { day: last.event_date, artist_id: last.artist_id, artist_name: last.artist_name, streams: m.streams, listeners: m.listeners, minutes_listened: m.minutes_listened, plays: m.plays, skips: m.skips };
  });
  return ranked(rows, (row) => row.day, byStreams((row) => row.artist_id), 'rank_in_day');
}

function topTracks(silver: readonly SilverRow[]): GoldRow<'top_tracks_daily'>[] {
  const rows = [...groupBy(silver.filter(isListening), (row) => `${row.event_date}|${row.track_id}`).values()].map((group) => {
    const last = latest(group);
    const m = listening(group);
    return {
      day: last.event_date,
      track_id: last.track_id,
      track_title: last.track_title,
      artist_id: last.artist_id,
      artist_name: last.artist_name,
      streams: m.streams,
      listeners: m.listeners,
      minutes_listened: m.minutes_listened,
      plays: m.plays,
      skips: m.skips,
    };
  });
  return ranked(rows, (row) => row.day, byStreams((row) => row.track_id), 'rank_in_day');
}

function genresBy<Slot extends 'hour_bucket' | 'local_hour'>(silver: readonly SilverRow[], slot: Slot, rankColumn: string) {
  const listened = silver.filter(isListening);
  const slotStreams = new Map<string, number>();
  for (const row of listened) if (row.is_stream) slotStreams.set(`${row.event_date}|${row[slot]}`, (slotStreams.get(`${row.event_date}|${row[slot]}`) ?? 0) + 1);
  const rows = [...groupBy(listened, (row) => `${row.event_date}|${row[slot]}|${row.genre}`).values()].map((group) => {
    const first = group[0] as SilverRow;
    const m = listening(group);
    const total = slotStreams.get(`${first.event_date}|${first[slot]}`) ?? 0;
    return { day: first.event_date, [slot]: first[slot], genre: first.genre, streams: m.streams, listeners: m.listeners, minutes_listened: m.minutes_listened, share_of_streams: total === 0 ? null : m.streams / total };
  }) as ({ day: string; genre: string; streams: number; minutes_listened: number } & Record<string, unknown>)[];
  return ranked(rows, (row) => `${row.day}|${String(row[slot])}`, byStreams((row) => row.genre), rankColumn);
}

function playsBy(silver: readonly SilverRow[], dimension: 'country' | 'platform' | 'device') {
  return [...groupBy(silver.filter(isListening), (row) => `${row.event_date}|${row[dimension]}`).values()].map((group) => {
    const first = group[0] as SilverRow;
    return { day: first.event_date, [dimension]: first[dimension], ...listening(group) };
  });
}

function dailyActiveListeners(silver: readonly SilverRow[]): GoldRow<'daily_active_listeners'>[] {
  return [...groupBy(silver, (row) => row.event_date).entries()].map(([day, group]) => {
    return {
      day,
      active_listeners: new Set(group.map((row) => row.user_id)).size,
      streaming_listeners: listening(group).listeners,
      ...activity(group),
    };
  });
}

function skipRate(silver: readonly SilverRow[]): GoldRow<'skip_rate_daily'>[] {
  return [...groupBy(silver.filter(isListening), (row) => `${row.event_date}|${row.genre}`).values()].map((group) => {
    const first = group[0] as SilverRow;
    const skips = group.filter((row) => row.event_type === 'skip').length;
    return { day: first.event_date, genre: first.genre, starts: group.length, skips, skip_rate: skips / group.length };
  });
}

function likeShareRates(silver: readonly SilverRow[]): GoldRow<'like_share_rates_daily'>[] {
  return [...groupBy(silver, (row) => `${row.event_date}|${row.genre}`).values()].map((group) => {
    const first = group[0] as SilverRow;
    const streams = group.filter((row) => row.is_stream).length;
    const likes = group.filter((row) => row.event_type === 'like').length;
    const shares = group.filter((row) => row.event_type === 'share').length;
    return { day: first.event_date, genre: first.genre, streams, likes, shares, like_rate: streams === 0 ? null : likes / streams, share_rate: streams === 0 ? null : shares / streams };
  });
}

function playsPerHour(silver: readonly SilverRow[]): GoldRow<'plays_per_hour'>[] {
  return [...groupBy(silver.filter(isListening), (row) => row.occurred_at.slice(0, 13)).entries()].map(([hour, group]) => ({
    day: hour.slice(0, 10),
    hour_utc: Number(hour.slice(11, 13)),
    hour_start: `${hour}:00:00.000Z`,
    ...listening(group),
  }));
}

/** Minute of the UTC day read from the ISO text, as a person would: HH × 60 + MM. */
const minuteOfDay = (row: SilverRow): number => Number(row.occurred_at.slice(11, 13)) * 60 + Number(row.occurred_at.slice(14, 16));

function activityPerMinute(silver: readonly SilverRow[]): GoldRow<'activity_per_minute'>[] {
  const rows: GoldRow<'activity_per_minute'>[] = [];
  for (const [day, group] of groupBy(silver, (row) => row.event_date)) {
    // Each listener's first minute of the day, for any event and for a stream.
    const firstEvent = new Map<string, number>();
    const firstStream = new Map<string, number>();
    for (const row of group) {
      const minute = minuteOfDay(row);
      if (minute < (firstEvent.get(row.user_id) ?? Infinity)) firstEvent.set(row.user_id, minute);
      if (row.is_stream && minute < (firstStream.get(row.user_id) ?? Infinity)) firstStream.set(row.user_id, minute);
    }
    const countAt = (firsts: Map<string, number>, minute: number) => [...firsts.values()].filter((first) => first === minute).length;
    for (const [minute, members] of groupBy(group, (row) => String(minuteOfDay(row)))) {
      rows.push({
        day,
        minute_of_day: Number(minute),
        ...activity(members),
        new_active_listeners: countAt(firstEvent, Number(minute)),
        new_streaming_listeners: countAt(firstStream, Number(minute)),
      });
    }
  }
  return rows;
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function trendingArtists(silver: readonly SilverRow[], windowDays: number, minStreams: number): GoldRow<'trending_artists_daily'>[] {
  const streams = silver.filter((row) => row.is_stream);
  const rows: Omit<GoldRow<'trending_artists_daily'>, 'rank_in_day'>[] = [];
  for (const day of new Set(silver.map((row) => row.event_date))) {
    const currentFrom = shiftDay(day, -(windowDays - 1));
    const previousFrom = shiftDay(day, -(2 * windowDays - 1));
    const current = streams.filter((row) => row.event_date >= currentFrom && row.event_date <= day);
    const previous = streams.filter((row) => row.event_date >= previousFrom && row.event_date < currentFrom);
    for (const [artistId, group] of groupBy(current, (row) => row.artist_id)) {
      if (group.length < minStreams) continue;
      const before = previous.filter((row) => row.artist_id === artistId).length;
      rows.push({
        day,
        artist_id: artistId,
        artist_name: latest(group).artist_name,
        streams_current: group.length,
        streams_previous: before,
        growth_rate: before === 0 ? null : (group.length - before) / before,
        trend_score: (group.length - before) / (before + minStreams),
      });
    }
  }
  return ranked(rows, (row) => row.day, (a, b) => b.trend_score - a.trend_score || b.streams_current - a.streams_current || (a.artist_id < b.artist_id ? -1 : 1), 'rank_in_day');
}

/** Every gold table, computed from reference silver rows. */
export function referenceGold(silver: readonly SilverRow[], trending: { windowDays: number; minStreams: number }): Record<GoldTableName, Record<string, unknown>[]> {
  return {
    top_artists_daily: topArtists(silver),
    top_tracks_daily: topTracks(silver),
    genres_by_hour_bucket_daily: genresBy(silver, 'hour_bucket', 'rank_in_bucket'),
    genres_by_local_hour_daily: genresBy(silver, 'local_hour', 'rank_in_hour'),
    plays_by_country_daily: playsBy(silver, 'country'),
    plays_by_platform_daily: playsBy(silver, 'platform'),
    plays_by_device_daily: playsBy(silver, 'device'),
    daily_active_listeners: dailyActiveListeners(silver),
    skip_rate_daily: skipRate(silver),
    like_share_rates_daily: likeShareRates(silver),
    plays_per_hour: playsPerHour(silver),
    activity_per_minute: activityPerMinute(silver),
    trending_artists_daily: trendingArtists(silver, trending.windowDays, trending.minStreams),
  };
}
