-- top_artists_daily: most-played artists per UTC day. Grain (day, artist_id).
-- A row per artist with at least one play or skip that day.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH listening AS (
  SELECT *
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
    AND event_type IN ('play', 'skip')
),
per_artist AS (
  SELECT
    event_date AS day,
    artist_id,
    arg_max(artist_name, (occurred_at, event_id)) AS artist_name,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(DISTINCT user_id) FILTER (WHERE is_stream) AS listeners,
    CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened,
    count(*) FILTER (WHERE event_type = 'play') AS plays,
    count(*) FILTER (WHERE event_type = 'skip') AS skips
  FROM listening
  GROUP BY event_date, artist_id
)
SELECT
  day,
  artist_id,
  artist_name,
  CAST(streams AS BIGINT) AS streams,
  CAST(listeners AS BIGINT) AS listeners,
  minutes_listened,
  CAST(plays AS BIGINT) AS plays,
  CAST(skips AS BIGINT) AS skips,
  CAST(row_number() OVER (PARTITION BY day ORDER BY streams DESC, minutes_listened DESC, artist_id) AS INTEGER) AS rank_in_day
FROM per_artist
