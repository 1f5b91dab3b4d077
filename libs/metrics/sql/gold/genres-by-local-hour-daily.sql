-- genres_by_local_hour_daily: preferred genres per hour of the listener's local clock.
-- Grain (day, local_hour, genre): a row per genre with at least one play or skip in that hour.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH listening AS (
  SELECT *
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
    AND event_type IN ('play', 'skip')
),
per_genre AS (
  SELECT
    event_date AS day,
    local_hour,
    genre,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(DISTINCT user_id) FILTER (WHERE is_stream) AS listeners,
    CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened
  FROM listening
  GROUP BY event_date, local_hour, genre
)
SELECT
  day,
  local_hour,
  genre,
  CAST(streams AS BIGINT) AS streams,
  CAST(listeners AS BIGINT) AS listeners,
  minutes_listened,
  CAST(streams AS DOUBLE) / nullif(sum(streams) OVER (PARTITION BY day, local_hour), 0) AS share_of_streams,
  CAST(row_number() OVER (PARTITION BY day, local_hour ORDER BY streams DESC, minutes_listened DESC, genre) AS INTEGER) AS rank_in_hour
FROM per_genre
