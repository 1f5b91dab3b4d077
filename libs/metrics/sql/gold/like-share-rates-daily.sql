-- like_share_rates_daily: likes and shares per stream, per genre and UTC day.
-- Grain (day, genre): a row per genre with at least one event that day.
-- Relations: {{silver}}. Parameters: $days (DATE[]) the days to compute.
WITH per_genre AS (
  SELECT
    event_date AS day,
    genre,
    count(*) FILTER (WHERE is_stream) AS streams,
    count(*) FILTER (WHERE event_type = 'like') AS likes,
    count(*) FILTER (WHERE event_type = 'share') AS shares
  FROM {{silver}}
  WHERE event_date IN (SELECT unnest(CAST($days AS DATE[])))
  GROUP BY event_date, genre
)
SELECT
  day,
  genre,
  CAST(streams AS BIGINT) AS streams,
  CAST(likes AS BIGINT) AS likes,
  CAST(shares AS BIGINT) AS shares,
  CAST(likes AS DOUBLE) / nullif(streams, 0) AS like_rate,
  CAST(shares AS DOUBLE) / nullif(streams, 0) AS share_rate
FROM per_genre
