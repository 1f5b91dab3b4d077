-- top_tracks_daily: most-played tracks per UTC day. Grain (day, track_id).
-- A row per track with at least one play or skip that day.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH listening AS (
  SELECT *
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
    AND event_type IN ('play', 'skip')
),
per_track AS (
  SELECT
    event_date AS day,
    track_id,
    arg_max({'track_title': track_title, 'artist_id': artist_id, 'artist_name': artist_name}, (occurred_at, event_id)) AS latest,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(DISTINCT user_id) FILTER (WHERE is_stream) AS listeners,
    CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened,
    count(*) FILTER (WHERE event_type = 'play') AS plays,
    count(*) FILTER (WHERE event_type = 'skip') AS skips
  FROM listening
  GROUP BY event_date, track_id
)
SELECT
  day,
  track_id,
  latest.track_title AS track_title,
  latest.artist_id AS artist_id,
  latest.artist_name AS artist_name,
  CAST(streams AS BIGINT) AS streams,
  CAST(listeners AS BIGINT) AS listeners,
  minutes_listened,
  CAST(plays AS BIGINT) AS plays,
  CAST(skips AS BIGINT) AS skips,
  CAST(row_number() OVER (PARTITION BY day ORDER BY streams DESC, minutes_listened DESC, track_id) AS INTEGER) AS rank_in_day
FROM per_track
