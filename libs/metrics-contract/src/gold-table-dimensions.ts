/**
 * The filter dimensions a querystring may name, and which of them each gold table read by the
 * API holds as a column: a filter an endpoint's tables lack is refused with that reason. It
 * restates part of the table contracts (@music/tables) so that the contract stays free of the
 * storage code; a gold-queries spec checks that the two agree.
 */
export const FILTER_DIMENSIONS = ['country', 'platform', 'genre', 'device'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export const GOLD_TABLE_DIMENSIONS = {
  daily_active_listeners: [],
  top_artists_daily: [],
  top_tracks_daily: [],
  genres_by_hour_bucket_daily: ['genre'],
  genres_by_local_hour_daily: ['genre'],
  plays_by_country_daily: ['country'],
  plays_by_platform_daily: ['platform'],
  plays_by_device_daily: ['device'],
  trending_artists_daily: [],
} as const satisfies Record<string, readonly FilterDimension[]>;

/** A gold table some endpoint reads. */
export type ReadGoldTable = keyof typeof GOLD_TABLE_DIMENSIONS;

/** Parts of the listener's local day, in order (the gold column hour_bucket). */
export const HOUR_BUCKET_NAMES = ['night', 'morning', 'afternoon', 'evening'] as const;
export type HourBucketName = (typeof HOUR_BUCKET_NAMES)[number];
