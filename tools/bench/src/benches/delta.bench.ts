import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DeltaTable, DuckDBSession, jsonLinesQuery, type StructType } from '@music/delta';
import { openObjectStore, type ObjectStore } from '@music/storage';
import { BRONZE_COLUMNS, BRONZE_PARTITION_COLUMNS, type BronzeRow } from '@music/tables';
import { deltaReferee, type DeltaReferee, type RefereeColumnType } from '@music/test-support';
import { compare, median, type Comparison } from '../bench-report';
import type { BenchContext, Benchmark } from '../benchmark';
import { seededRandom } from '@music/test-support';

/**
 * @music/delta side by side with delta-rs (`write_deltalake`, timed inside Python) and DuckDB on
 * local disk: append throughput on bronze-shaped batches, commit latency, table open time after
 * 10,000 commits, and scan + aggregate over the table vs DuckDB over the same Parquet files.
 */

const SMALL_BATCH = 10_000;
const LARGE_BATCH = 100_000;
const COMMITS = 10_000;
const LATENCY_APPENDS_PER_RUN = 10;
const JSON_REPLAY_RUNS = 3;
const TARGET_OPEN_SECONDS = 1;
const TARGET_SCAN_OVERHEAD = 1.3;

const SCHEMA: StructType = {
  type: 'struct',
  fields: BRONZE_COLUMNS.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable, metadata: {} })),
};
const REFEREE_SCHEMA: [string, RefereeColumnType][] = BRONZE_COLUMNS.map((column) => [column.name, column.type]);
const PARTITION_COLUMNS = [...BRONZE_PARTITION_COLUMNS];

const EVENT_TYPES = ['play', 'play', 'play', 'play', 'play', 'play', 'play', 'skip', 'skip', 'like'] as const;
const GENRES = ['pop', 'rock', 'electronic', 'hip-hop', 'jazz', 'latin', 'k-pop', 'classical'];
const PLATFORMS = ['ios', 'android', 'web', 'desktop', 'smart_speaker'];
const PLACES = [
  ['FR', 'Europe/Paris'],
  ['US', 'America/New_York'],
  ['JP', 'Asia/Tokyo'],
  ['BR', 'America/Sao_Paulo'],
  ['DE', 'Europe/Berlin'],
] as const;

/** `count` bronze rows as streaming-ingest writes them: one Kafka partition's batch, 5 % late events of the day before. */
function bronzeRows(count: number, seed: number): BronzeRow[] {
  const random = seededRandom(seed);
  const day = Date.UTC(2026, 10, 24);
  return Array.from({ length: count }, (_, index) => {
    const late = random() < 0.05;
    const occurred = new Date(day - (late ? 3_600_000 : -Math.floor((index / count) * 3_600_000)));
    const eventType = EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)] as (typeof EVENT_TYPES)[number];
    const duration = 120_000 + Math.floor(random() * 240_000);
    const user = Math.floor(random() * 50_000);
    const artist = Math.floor(random() * 500);
    const [country, timezone] = PLACES[Math.floor(random() * PLACES.length)] as (typeof PLACES)[number];
    return {
      event_id: randomUUID(),
      schema_version: 1,
      event_type: eventType,
      occurred_at: occurred.toISOString(),
      event_date: occurred.toISOString().slice(0, 10),
      user_id: `usr_${String(user).padStart(6, '0')}`,
      session_id: `ses_${user.toString(36)}_${index >> 6}`,
      track_id: `trk_${artist}_${Math.floor(random() * 2000)}`,
      track_title: `Track ${Math.floor(random() * 100_000)}`,
      artist_id: `art_${artist}`,
      artist_name: `Artist ${artist}`,
      genre: GENRES[artist % GENRES.length] as string,
      duration_ms: duration,
      ms_played: eventType === 'like' ? null : Math.floor(random() * duration),
      completed: eventType === 'play' ? random() < 0.6 : null,
      share_channel: null,
      platform: PLATFORMS[user % PLATFORMS.length] as string,
      device: 'device',
      country,
      timezone,
      app_version: `4.${artist % 13}.${user % 4}`,
      source_topic: 'listening-events',
      source_partition: seed % 6,
      source_offset: seed * 1_000_000 + index,
      ingested_at: new Date(day + 3_600_000).toISOString(),
    };
  });
}

async function seconds<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

function localStore(directory: string): ObjectStore {
  return openObjectStore(pathToFileURL(directory).href);
}

interface Workspace {
  root: string;
  duckdb: DuckDBSession;
  referee: DeltaReferee;
}

/** `rows` as a DuckDB table of the session (loaded untimed, as delta-rs gets its Arrow table ready). */
async function relationOf(ws: Workspace, name: string, rows: readonly BronzeRow[]): Promise<string> {
  const path = join(ws.root, `${name}.ndjson`);
  await writeFile(path, rows.map((row) => JSON.stringify(row)).join('\n'));
  await ws.duckdb.run(`CREATE OR REPLACE TABLE ${name} AS ${jsonLinesQuery(path, SCHEMA)}`);
  await rm(path);
  return name;
}

async function appendThroughput(ctx: BenchContext, ws: Workspace, batch: number, label: string): Promise<{ comparisons: Comparison[]; table: DeltaTable }> {
  const rows = bronzeRows(batch, batch);
  const table = await DeltaTable.create(localStore(join(ws.root, `ours-${batch}`)), { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS }, { duckdb: ws.duckdb });
  await table.append(rows); // warm-up: JIT, first directories
  const ours: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const { seconds: elapsed, value } = await seconds(() => table.append(rows));
    if (value.status !== 'committed') throw new Error(`delta bench: append of ${batch} rows was not committed (${value.status})`);
    ours.push(batch / elapsed);
  }
  const relation = await relationOf(ws, `bench_rows_${batch}`, rows);
  const fromQuery = await DeltaTable.create(localStore(join(ws.root, `ours-query-${batch}`)), { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS }, { duckdb: ws.duckdb });
  await fromQuery.appendQuery(`SELECT * FROM ${relation}`);
  const oursQuery: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const { seconds: elapsed, value } = await seconds(() => fromQuery.appendQuery(`SELECT * FROM ${relation}`));
    if (value.status !== 'committed' || value.rows !== batch) throw new Error(`delta bench: appendQuery of ${batch} rows was not committed (${value.status})`);
    oursQuery.push(batch / elapsed);
  }
  await fromQuery.close();
  await ws.duckdb.run(`DROP TABLE ${relation}`);
  const theirs = await ws.referee.benchWrite(join(ws.root, `delta-rs-${batch}`), rows as unknown as Record<string, unknown>[], {
    schema: REFEREE_SCHEMA,
    partitionBy: PARTITION_COLUMNS,
    batches: ctx.runs,
  });
  const reference = { name: 'delta-rs write_deltalake (timed inside Python)', runs: theirs.seconds.map((s) => batch / s) };
  ctx.log.info({ batch, ours: Math.round(median(ours)), oursQuery: Math.round(median(oursQuery)), deltaRs: Math.round(median(reference.runs)) }, 'append rows/s');
  return {
    comparisons: [
      compare({ metric: `append throughput, ${label} rows per commit, JS objects (append)`, unit: 'rows/s', higherIsBetter: true, ours, reference }),
      compare({ metric: `append throughput, ${label} rows per commit, from a DuckDB table (appendQuery)`, unit: 'rows/s', higherIsBetter: true, ours: oursQuery, reference }),
    ],
    table,
  };
}

async function commitLatency(ctx: BenchContext, ws: Workspace): Promise<Comparison> {
  const [row] = bronzeRows(1, 7) as [BronzeRow];
  const table = await DeltaTable.create(localStore(join(ws.root, 'ours-latency')), { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS }, { duckdb: ws.duckdb });
  for (let warm = 0; warm < 3; warm++) await table.append([row]);
  const ours: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const times: number[] = [];
    for (let append = 0; append < LATENCY_APPENDS_PER_RUN; append++) times.push((await seconds(() => table.append([row]))).seconds * 1000);
    ours.push(median(times));
  }
  const theirs = await ws.referee.benchWrite(join(ws.root, 'delta-rs-latency'), [row as unknown as Record<string, unknown>], {
    schema: REFEREE_SCHEMA,
    partitionBy: PARTITION_COLUMNS,
    batches: ctx.runs * LATENCY_APPENDS_PER_RUN,
  });
  const reference = Array.from({ length: ctx.runs }, (_, run) =>
    median(theirs.seconds.slice(run * LATENCY_APPENDS_PER_RUN, (run + 1) * LATENCY_APPENDS_PER_RUN).map((s) => s * 1000)),
  );
  return compare({
    metric: 'commit latency, 1-row append (median of 10 appends per run)',
    unit: 'ms',
    higherIsBetter: false,
    ours,
    reference: { name: 'delta-rs write_deltalake of the same row (timed inside Python)', runs: reference },
  });
}

/**
 * A bronze table with `commits` commits after its creation, each one streaming-ingest batch: a
 * txn and one data file with full statistics (the log is written directly, as the writer would;
 * the data files are not needed to open the table).
 */
async function tableWithCommits(ws: Workspace, commits: number, stats: string): Promise<string> {
  const directory = join(ws.root, 'ten-thousand-commits');
  await DeltaTable.create(localStore(directory), { schema: SCHEMA, partitionColumns: PARTITION_COLUMNS });
  const log = join(directory, '_delta_log');
  await mkdir(log, { recursive: true });
  const now = Date.now();
  for (let version = 1; version <= commits; version++) {
    const day = `2026-${String(1 + Math.floor(version / 1000)).padStart(2, '0')}-${String(1 + (version % 28)).padStart(2, '0')}`;
    const lines = [
      { commitInfo: { timestamp: now, operation: 'WRITE', operationParameters: { mode: 'Append' }, readVersion: version - 1, isBlindAppend: true, txnId: randomUUID() } },
      { txn: { appId: `ingest:bronze:listening-events:${version % 6}`, version, lastUpdated: now } },
      {
        add: {
          path: `event_date=${day}/part-00000-${randomUUID()}-c000.zstd.parquet`,
          partitionValues: { event_date: day },
          size: 150_000,
          modificationTime: now,
          dataChange: true,
          stats,
        },
      },
    ];
    await writeFile(join(log, `${String(version).padStart(20, '0')}.json`), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  }
  return directory;
}

function commitCount(ctx: BenchContext): number {
  return Math.max(100, Math.round(COMMITS * ctx.scale));
}

async function openTimes(ctx: BenchContext, ws: Workspace, directory: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { seconds: elapsed, value: table } = await seconds(() => DeltaTable.open(localStore(directory), { duckdb: ws.duckdb }));
    if (table.snapshot().files.length !== commitCount(ctx)) throw new Error(`delta bench: opened ${table.snapshot().files.length} files, expected ${commitCount(ctx)}`);
    times.push(elapsed);
  }
  return times;
}


async function openAfterCommits(ctx: BenchContext, ws: Workspace, stats: string): Promise<Comparison[]> {
  const commits = commitCount(ctx);
  const directory = await tableWithCommits(ws, commits, stats);
  const jsonRuns = Math.min(ctx.runs, JSON_REPLAY_RUNS);
  const oursJson = await openTimes(ctx, ws, directory, jsonRuns);
  const theirsJson = await ws.referee.benchOpen(directory, { runs: jsonRuns });
  const table = await DeltaTable.open(localStore(directory), { duckdb: ws.duckdb });
  await table.checkpoint();
  const ours = await openTimes(ctx, ws, directory, ctx.runs);
  const theirs = await ws.referee.benchOpen(directory, { runs: ctx.runs });
  if (theirs.version !== commits) throw new Error(`delta bench: delta-rs opened version ${theirs.version}, expected ${commits}`);
  ctx.log.info({ commits, ours: median(ours), deltaRs: median(theirs.seconds), oursJson: median(oursJson), deltaRsJson: median(theirsJson.seconds) }, 'open seconds');
  return [
    compare({
      metric: `table open after ${commits.toLocaleString('en-US')} commits (checkpoint at the last version, as the writer leaves it)`,
      unit: 's',
      higherIsBetter: false,
      ours,
      reference: { name: 'delta-rs DeltaTable(uri) (timed inside Python)', runs: theirs.seconds },
      absoluteTarget: TARGET_OPEN_SECONDS,
    }),
    compare({
      metric: `table open after ${commits.toLocaleString('en-US')} commits, no checkpoint (replaying every JSON commit)`,
      unit: 's',
      higherIsBetter: false,
      ours: oursJson,
      reference: { name: 'delta-rs DeltaTable(uri) (timed inside Python)', runs: theirsJson.seconds },
    }),
  ];
}

const AGGREGATE = (source: string) =>
  `SELECT event_type, count(*) AS events, count(DISTINCT user_id) AS users, sum(ms_played) AS ms_played FROM ${source} GROUP BY event_type ORDER BY event_type`;

async function scanAggregate(ctx: BenchContext, ws: Workspace, table: DeltaTable): Promise<{ comparison: Comparison; rows: number; files: number }> {
  const columns = ['event_type', 'user_id', 'ms_played'];
  const plan = await table.scan({ columns });
  const root = fileURLToPath(table.uri);
  const paths = plan.files.map((file) => (file.location.kind === 'table' ? join(root, file.location.key) : fileURLToPath(file.location.uri)));
  const direct = AGGREGATE(`read_parquet([${paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(', ')}])`);
  const [count] = await ws.duckdb.rows(`SELECT count(*) AS n FROM (${plan.sql})`);
  const ours: number[] = [];
  const reference: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const mine = await seconds(async () => ws.duckdb.rows(AGGREGATE(`(${(await table.scan({ columns })).sql})`)));
    const theirs = await seconds(() => ws.duckdb.rows(direct));
    if (JSON.stringify(mine.value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) !== JSON.stringify(theirs.value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))) {
      throw new Error('delta bench: the table scan and DuckDB over the same files disagree');
    }
    ours.push(mine.seconds);
    reference.push(theirs.seconds);
  }
  return {
    comparison: compare({
      metric: 'scan + aggregate (count, count distinct users, sum by event type), planning included',
      unit: 's',
      higherIsBetter: false,
      ours,
      reference: { name: 'DuckDB read_parquet over the same Parquet files, same session', runs: reference },
      ratioTarget: 1 / TARGET_SCAN_OVERHEAD,
    }),
    rows: Number(count?.['n'] ?? 0),
    files: plan.files.length,
  };
}

export const deltaBenchmark: Benchmark = {
  name: 'delta',
  description: '@music/delta vs delta-rs (appends, commit latency, open after 10k commits) and vs DuckDB (scan + aggregate)',
  async run(ctx: BenchContext) {
    const loadAverage = () =>
      loadavg()
        .map((load) => load.toFixed(2))
        .join(' / ');
    const loadAtStart = loadAverage();
    const root = await mkdtemp(join(tmpdir(), 'music-delta-bench-'));
    const duckdb = await DuckDBSession.create({ threads: 2 });
    try {
      const referee = await deltaReferee({ cacheDir: join(ctx.root, '.cache'), env: ctx.env });
      const ws: Workspace = { root, duckdb, referee };
      const small = Math.max(1000, Math.round(SMALL_BATCH * ctx.scale));
      const large = Math.max(1000, Math.round(LARGE_BATCH * ctx.scale));
      const smallAppends = await appendThroughput(ctx, ws, small, small.toLocaleString('en-US'));
      const largeAppends = await appendThroughput(ctx, ws, large, large.toLocaleString('en-US'));
      const latency = await commitLatency(ctx, ws);
      const stats = largeAppends.table.snapshot().files[0]?.add.stats ?? '{"numRecords":1}';
      const open = await openAfterCommits(ctx, ws, stats);
      const scan = await scanAggregate(ctx, ws, largeAppends.table);
      const fileBytes = largeAppends.table.snapshot().files.reduce((total, file) => total + file.add.size, 0);
      return {
        dataSize:
          `bronze-shaped rows (25 columns, partitioned by event_date, 5 % late events): appends of ${small.toLocaleString('en-US')} and ` +
          `${large.toLocaleString('en-US')} rows; a log of ${commitCount(ctx).toLocaleString('en-US')} commits; scans of ${scan.rows.toLocaleString('en-US')} rows ` +
          `in ${scan.files} Parquet files (${(fileBytes / 1e6).toFixed(1)} MB, zstd)`,
        comparisons: [...smallAppends.comparisons, ...largeAppends.comparisons, latency, ...open, scan.comparison],
        notes: [
          `Load average (1/5/15 min): ${loadAtStart} when the bench started, ${loadAverage()} when it ended; 2 cores shared with other processes. Local disk (OS temp dir), DuckDB with 2 threads.`,
          'Appends (append): our time covers row validation (plain JS objects), the DuckDB appender, then one COPY … PARTITION_BY … RETURN_STATS writing one zstd Parquet file per partition with its statistics, the upload and the commit. Appends (appendQuery): the same rows already in a DuckDB table (loaded untimed), written by the same COPY without passing through JS. delta-rs gets the same rows as a ready Arrow table (conversion untimed) and writes snappy Parquet. Our local store fsyncs every data file and commit before it becomes visible (its default, for durability); delta-rs does not fsync. Each run appends the same batch to a table that already holds the earlier runs.',
          `Commit latency: the median of ${LATENCY_APPENDS_PER_RUN} one-row appends per run, Parquet file included; delta-rs the same through write_deltalake.`,
          'Open: the log is written directly (commitInfo, txn and one add with full bronze statistics per commit), then a checkpoint of the last version is written by @music/delta; both libraries open the same table.',
          'Scan: table.scan({ columns }) planning (log state → SQL, Parquet schema probe) plus the aggregate, vs the aggregate over read_parquet of exactly the live files; results are checked equal.',
        ],
      };
    } finally {
      await duckdb.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
