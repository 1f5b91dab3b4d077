-- genres_by_hour_bucket_daily: preferred genres per part of the listener's local day.
-- Grain (day, hour_bucket, genre): a row per genre with at least one play or skip in that bucket.
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
    hour_bucket,
    genre,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(DISTINCT user_id) FILTER (WHERE is_stream) AS listeners,
    CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened
  FROM listening
  GROUP BY event_date, hour_bucket, genre
)
SELECT
  day,
  hour_bucket,
  genre,
  CAST(streams AS BIGINT) AS streams,
  CAST(listeners AS BIGINT) AS listeners,
  minutes_listened,
  CAST(streams AS DOUBLE) / nullif(sum(streams) OVER (PARTITION BY day, hour_bucket), 0) AS share_of_streams,
  CAST(row_number() OVER (PARTITION BY day, hour_bucket ORDER BY streams DESC, minutes_listened DESC, genre) AS INTEGER) AS rank_in_bucket
FROM per_genre
