import { HOUR_BUCKET_NAMES, type GenresByHourBucketResponse, type HourBucketName } from '@music/metrics-contract';

export interface GenreStacks {
  /** Genres shown, most streamed over all buckets first (the stacking and legend order). */
  genres: string[];
  /** One entry per bucket in day order: streams per genre (0 when the genre is not in that bucket's top). */
  buckets: { bucket: HourBucketName; streams: Record<string, number> }[];
  /** The first genre of each bucket, or null when the bucket had no stream. */
  leaders: Record<HourBucketName, string | null>;
}

/** Pivots the genre rows (bucket, rank, genre, streams) into stacked bars. */
export function genreStacks(rows: GenresByHourBucketResponse['rows']): GenreStacks {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.genre, (totals.get(row.genre) ?? 0) + row.streams);
  const genres = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([genre]) => genre);
  const leaders = Object.fromEntries(HOUR_BUCKET_NAMES.map((b) => [b, null])) as Record<HourBucketName, string | null>;
  const buckets = HOUR_BUCKET_NAMES.map((bucket) => {
    const streams: Record<string, number> = Object.fromEntries(genres.map((g) => [g, 0]));
    for (const row of rows.filter((r) => r.hour_bucket === bucket)) {
      streams[row.genre] = row.streams;
      if (row.rank === 1 && row.streams > 0) leaders[bucket] = row.genre;
    }
    return { bucket, streams };
  });
  return { genres, buckets, leaders };
}
