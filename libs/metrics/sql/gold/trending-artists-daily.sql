-- trending_artists_daily: for each as-of day, an artist's streams in the $window_days days ending
-- that day (current) against the $window_days days before (previous). Grain (day, artist_id).
-- Only artists with at least $min_streams streams in the current window, so that noise does not trend.
-- Relations: {{silver}}.
-- Parameters: $days (DATE[]) the as-of days to compute, $window_days (INTEGER), $min_streams (BIGINT).
WITH as_of AS (
  SELECT unnest(CAST($days AS DATE[])) AS day
),
streams_per_day AS (
  SELECT
    event_date,
    artist_id,
    count(*) AS streams,
    max((occurred_at, event_id)) AS last_seen,
    arg_max(artist_name, (occurred_at, event_id)) AS artist_name
  FROM {{silver}}
  WHERE is_stream
    AND event_date IN (
      SELECT DISTINCT day - CAST(back AS INTEGER) FROM as_of, range(0, 2 * CAST($window_days AS INTEGER)) AS r(back)
    )
  GROUP BY event_date, artist_id
),
windows AS (
  SELECT
    a.day,
    s.artist_id,
    sum(s.streams) FILTER (WHERE s.event_date > a.day - CAST($window_days AS INTEGER)) AS streams_current,
    coalesce(sum(s.streams) FILTER (WHERE s.event_date <= a.day - CAST($window_days AS INTEGER)), 0) AS streams_previous,
    arg_max(s.artist_name, s.last_seen) FILTER (WHERE s.event_date > a.day - CAST($window_days AS INTEGER)) AS artist_name
  FROM as_of AS a
  JOIN streams_per_day AS s
    ON s.event_date BETWEEN a.day - (2 * CAST($window_days AS INTEGER) - 1) AND a.day
  GROUP BY a.day, s.artist_id
),
scored AS (
  SELECT
    *,
    CAST(streams_current - streams_previous AS DOUBLE) / (streams_previous + CAST($min_streams AS BIGINT)) AS trend_score
  FROM windows
  WHERE streams_current >= CAST($min_streams AS BIGINT)
)
SELECT
  day,
  artist_id,
  artist_name,
  CAST(streams_current AS BIGINT) AS streams_current,
  CAST(streams_previous AS BIGINT) AS streams_previous,
  CAST(streams_current - streams_previous AS DOUBLE) / nullif(streams_previous, 0) AS growth_rate,
  trend_score,
  CAST(row_number() OVER (PARTITION BY day ORDER BY trend_score DESC, streams_current DESC, artist_id) AS INTEGER) AS rank_in_day
FROM scored
