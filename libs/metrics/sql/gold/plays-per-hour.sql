-- plays_per_hour: listening per UTC hour. Grain (day, hour_utc): a row per hour with at least one play or skip.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH listening AS (
  SELECT *, CAST(epoch_ms(occurred_at) // 3600000 AS BIGINT) AS epoch_hour
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
    AND event_type IN ('play', 'skip')
)
SELECT
  event_date AS day,
  CAST(epoch_hour % 24 AS INTEGER) AS hour_utc,
  to_timestamp(epoch_hour * 3600) AS hour_start,
  CAST(count(*) FILTER (WHERE event_type = 'play') AS BIGINT) AS plays,
  CAST(count(*) FILTER (WHERE is_stream) AS BIGINT) AS streams,
  CAST(count(*) FILTER (WHERE event_type = 'skip') AS BIGINT) AS skips,
  CAST(count(DISTINCT user_id) FILTER (WHERE is_stream) AS BIGINT) AS listeners,
  CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened
FROM listening
GROUP BY event_date, epoch_hour
