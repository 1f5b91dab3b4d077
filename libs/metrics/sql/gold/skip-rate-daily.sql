-- skip_rate_daily: skips among track starts (plays + skips), per genre and UTC day.
-- Grain (day, genre): a row per genre with at least one play or skip that day.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
SELECT
  event_date AS day,
  genre,
  CAST(count(*) AS BIGINT) AS starts,
  CAST(count(*) FILTER (WHERE event_type = 'skip') AS BIGINT) AS skips,
  CAST(count(*) FILTER (WHERE event_type = 'skip') AS DOUBLE) / count(*) AS skip_rate
FROM {{silver}}
WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
  AND event_type IN ('play', 'skip')
GROUP BY event_date, genre
