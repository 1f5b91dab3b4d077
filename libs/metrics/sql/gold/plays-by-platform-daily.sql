-- plays_by_platform_daily: listening per platform and UTC day. Grain (day, platform).
-- A row per platform with at least one play or skip that day.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
SELECT
  event_date AS day,
  platform,
  CAST(count(*) FILTER (WHERE event_type = 'play') AS BIGINT) AS plays,
  CAST(count(*) FILTER (WHERE is_stream) AS BIGINT) AS streams,
  CAST(count(*) FILTER (WHERE event_type = 'skip') AS BIGINT) AS skips,
  CAST(count(DISTINCT user_id) FILTER (WHERE is_stream) AS BIGINT) AS listeners,
  CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened
FROM {{silver}}
WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
  AND event_type IN ('play', 'skip')
GROUP BY event_date, platform
