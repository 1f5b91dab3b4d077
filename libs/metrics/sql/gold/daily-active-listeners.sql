-- daily_active_listeners: activity per UTC day. Grain (day): a row per day with at least one event.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
SELECT
  event_date AS day,
  CAST(count(DISTINCT user_id) AS BIGINT) AS active_listeners,
  CAST(count(DISTINCT user_id) FILTER (WHERE is_stream) AS BIGINT) AS streaming_listeners,
  CAST(count(*) AS BIGINT) AS events,
  CAST(count(*) FILTER (WHERE event_type = 'play') AS BIGINT) AS plays,
  CAST(count(*) FILTER (WHERE is_stream) AS BIGINT) AS streams,
  CAST(count(*) FILTER (WHERE event_type = 'skip') AS BIGINT) AS skips,
  CAST(count(*) FILTER (WHERE event_type = 'like') AS BIGINT) AS likes,
  CAST(count(*) FILTER (WHERE event_type = 'share') AS BIGINT) AS shares,
  CAST(sum(ms_listened) AS DOUBLE) / 60000 AS minutes_listened
FROM {{silver}}
WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
GROUP BY event_date
