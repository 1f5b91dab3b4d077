-- activity_per_minute: activity per UTC minute. Grain (day, minute_of_day): a row per minute with at least one event.
-- Each listener is counted once a day, in the minute of their first event (new_active_listeners) and of their
-- first stream (new_streaming_listeners), so the sum over a day's minutes up to M is that day's distinct
-- listeners by the end of minute M, and the sum over the whole day equals daily_active_listeners.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH timed AS (
  SELECT
    event_date,
    user_id,
    event_type,
    is_stream,
    ms_listened,
    CAST((epoch_ms(occurred_at) % 86400000) // 60000 AS INTEGER) AS minute_of_day
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
),
firsts AS (
  SELECT
    event_date,
    min(minute_of_day) AS first_event_minute,
    min(minute_of_day) FILTER (WHERE is_stream) AS first_stream_minute
  FROM timed
  GROUP BY event_date, user_id
),
new_active AS (
  SELECT event_date, first_event_minute AS minute_of_day, count(*) AS listeners
  FROM firsts
  GROUP BY event_date, first_event_minute
),
new_streaming AS (
  SELECT event_date, first_stream_minute AS minute_of_day, count(*) AS listeners
  FROM firsts
  WHERE first_stream_minute IS NOT NULL
  GROUP BY event_date, first_stream_minute
),
per_minute AS (
  SELECT
    event_date,
    minute_of_day,
    count(*) AS events,
    count(*) FILTER (WHERE event_type = 'play') AS plays,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(*) FILTER (WHERE event_type = 'skip') AS skips,
    count(*) FILTER (WHERE event_type = 'like') AS likes,
    count(*) FILTER (WHERE event_type = 'share') AS shares,
    sum(ms_listened) AS ms_listened
  FROM timed
  GROUP BY event_date, minute_of_day
)
SELECT
  m.event_date AS day,
  m.minute_of_day,
  CAST(m.events AS BIGINT) AS events,
  CAST(m.plays AS BIGINT) AS plays,
  CAST(m.streams AS BIGINT) AS streams,
  CAST(m.skips AS BIGINT) AS skips,
  CAST(m.likes AS BIGINT) AS likes,
  CAST(m.shares AS BIGINT) AS shares,
  CAST(m.ms_listened AS DOUBLE) / 60000 AS minutes_listened,
  CAST(coalesce(a.listeners, 0) AS BIGINT) AS new_active_listeners,
  CAST(coalesce(s.listeners, 0) AS BIGINT) AS new_streaming_listeners
FROM per_minute AS m
LEFT JOIN new_active AS a USING (event_date, minute_of_day)
LEFT JOIN new_streaming AS s USING (event_date, minute_of_day)
