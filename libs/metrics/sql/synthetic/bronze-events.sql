-- Synthetic bronze rows for benchmarks, generated set-based inside DuckDB (no per-row JS).
-- Deterministic for a seed: every "random" number is a hash of the row number and the seed.
-- About $duplicate_percent % of the events get a second copy at a later offset and ingestion time,
-- $late_percent % arrive 1–10 days after they occurred.
-- Parameters: $events, $start_day (DATE), $days, $users, $tracks, $seed, $duplicate_percent, $late_percent, $first_offset.
WITH zones AS (
  SELECT * FROM (VALUES
    (0, 'FR', 'Europe/Paris'), (1, 'US', 'America/New_York'), (2, 'US', 'America/Los_Angeles'),
    (3, 'GB', 'Europe/London'), (4, 'DE', 'Europe/Berlin'), (5, 'JP', 'Asia/Tokyo'),
    (6, 'BR', 'America/Sao_Paulo'), (7, 'IN', 'Asia/Kolkata'), (8, 'KI', 'Pacific/Kiritimati'),
    (9, 'US', 'Pacific/Honolulu'), (10, 'NP', 'Asia/Kathmandu'), (11, 'AU', 'Australia/Sydney')
  ) AS z(zone_index, country, timezone)
),
platforms AS (
  SELECT * FROM (VALUES
    (0, 'ios', 'iPhone 15'), (1, 'android', 'Pixel 8'), (2, 'web', 'Chrome 131'),
    (3, 'desktop', 'macOS app'), (4, 'smart_speaker', 'Echo Dot'), (5, 'car', 'CarPlay')
  ) AS p(platform_index, platform, device)
),
genres AS (
  SELECT * FROM (VALUES (0, 'pop'), (1, 'rock'), (2, 'electronic'), (3, 'hip-hop'), (4, 'classical'), (5, 'jazz'), (6, 'k-pop')) AS g(genre_index, genre)
),
draws AS (
  SELECT
    i,
    hash(i, $seed, 1) % 1000000 / 1000000.0 AS u_time,
    hash(i, $seed, 2) % CAST($users AS BIGINT) AS user_number,
    hash(i, $seed, 3) % 1000000 / 1000000.0 AS u_track,
    hash(i, $seed, 4) % 1000000 / 1000000.0 AS u_type,
    hash(i, $seed, 5) % 1000000 / 1000000.0 AS u_played,
    hash(i, $seed, 6) % 100 < $duplicate_percent AS duplicated,
    hash(i, $seed, 7) % 100 < $late_percent AS late,
    1 + hash(i, $seed, 8) % 10 AS late_days
  FROM range(CAST($events AS BIGINT)) AS r(i)
),
events AS (
  SELECT
    d.*,
    to_timestamp(epoch(CAST($start_day AS DATE)) + floor(d.u_time * CAST($days AS BIGINT) * 86400000) / 1000) AS occurred_at,
    CAST(floor(pow(d.u_track, 2) * CAST($tracks AS BIGINT)) AS BIGINT) AS track_number
  FROM draws AS d
),
rows AS (
  SELECT
    printf('%08x-%04x-7%03x-8%03x-%012x', epoch_ms(e.occurred_at) // 65536, epoch_ms(e.occurred_at) % 65536, e.i % 4096, ($seed * 7) % 4096, e.i) AS event_id,
    1 AS schema_version,
    CASE WHEN e.u_type < 0.6 THEN 'play' WHEN e.u_type < 0.8 THEN 'skip' WHEN e.u_type < 0.9 THEN 'like' ELSE 'share' END AS event_type,
    e.occurred_at,
    CAST(timezone('UTC', e.occurred_at) AS DATE) AS event_date,
    printf('usr_%07d', e.user_number) AS user_id,
    printf('ses_%07d_%d', e.user_number, epoch(e.occurred_at)::BIGINT // 3600) AS session_id,
    printf('trk_%06d', e.track_number) AS track_id,
    printf('Track %d', e.track_number) AS track_title,
    printf('art_%05d', e.track_number // 10) AS artist_id,
    printf('Artist %d', e.track_number // 10) AS artist_name,
    g.genre,
    CAST(120000 + (e.track_number * 7919) % 240000 AS BIGINT) AS duration_ms,
    e.u_played,
    p.platform,
    p.device,
    z.country,
    z.timezone,
    '4.12.0' AS app_version,
    e.i,
    e.duplicated,
    e.late,
    e.late_days
  FROM events AS e
  JOIN zones AS z ON z.zone_index = hash(e.user_number, $seed, 9) % 12
  JOIN platforms AS p ON p.platform_index = hash(e.user_number, $seed, 10) % 6
  JOIN genres AS g ON g.genre_index = (e.track_number // 10) % 7
),
bronze AS (
  SELECT
    event_id, schema_version, event_type, occurred_at, event_date, user_id, session_id, track_id, track_title,
    artist_id, artist_name, genre, duration_ms,
    CASE
      WHEN event_type = 'play' THEN CAST(floor(u_played * duration_ms) AS BIGINT)
      WHEN event_type = 'skip' THEN CAST(floor(u_played * 45000) AS BIGINT)
    END AS ms_played,
    CASE WHEN event_type = 'play' THEN u_played > 0.97 END AS completed,
    CASE WHEN event_type = 'share' THEN 'link' END AS share_channel,
    platform, device, country, timezone, app_version,
    'listening-events' AS source_topic,
    CAST(i % 12 AS INTEGER) AS source_partition,
    CAST($first_offset AS BIGINT) + i AS source_offset,
    occurred_at + CASE WHEN late THEN to_days(CAST(late_days AS INTEGER)) ELSE INTERVAL 2 SECOND END AS ingested_at,
    duplicated
  FROM rows
)
SELECT * EXCLUDE (duplicated) FROM bronze
UNION ALL
SELECT * EXCLUDE (duplicated) REPLACE (source_offset + CAST($events AS BIGINT) AS source_offset, ingested_at + INTERVAL 1 HOUR AS ingested_at)
FROM bronze
WHERE duplicated
