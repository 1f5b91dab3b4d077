import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DuckDBSession } from '@music/delta';
import { openIfExists, openOrCreate, refreshGold, refreshLake, refreshSilver, type Lake } from '@music/lakehouse-jobs';
import { createLogger } from '@music/logger';
import { computeGoldTable, computeSilver } from '@music/metrics';
import { fileUriOf } from '@music/storage';
import { BRONZE_TABLE, GOLD_TABLES, SILVER_TABLE, type GoldTableName } from '@music/tables';
import { compare, median, type Comparison } from '../bench-report';
import type { BenchContext, Benchmark } from '../benchmark';
import { linkTree, readIncrement, simulatedBronzeLake, tableRowCount, type SimulatedLake } from '../simulated-lake';

/**
 * The batch jobs (bronze → silver → every gold table) on a simulated lake on local disk:
 * (a) our full rebuild (Delta tables in and out, @music/lakehouse-jobs) against the same SQL
 *     files run by plain DuckDB over the same bronze Parquet files, writing Parquet with COPY;
 * (b) our incremental refresh after 1 % more events against our full rebuild;
 * (c) rows/s of each stage, ours and the reference's.
 */

const TARGET_FULL_OVERHEAD = 1.3;
const TARGET_INCREMENTAL_SHARE = 0.1;

interface StageTimes {
  /** Seconds of bronze → silver. */
  silver: number;
  /** Seconds of silver → each gold table. */
  gold: Record<GoldTableName, number>;
  total: number;
  bronzeRows: number;
  silverRows: number;
}

async function seconds<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

const jobsLog = createLogger({ name: 'bench:batch:jobs', level: 'warn', pretty: true });

/** Our full rebuild, stage by stage: what refreshLake({ full: true }) runs, one gold table per call. */
async function ourFullRebuild(lake: Lake, bronzeRows: number): Promise<StageTimes> {
  const silver = await seconds(() => refreshSilver(lake, { full: true, log: jobsLog }));
  if (silver.value.status !== 'refreshed') throw new Error(`batch bench: silver was not rebuilt (${silver.value.status})`);
  const gold = {} as Record<GoldTableName, number>;
  for (const { name } of GOLD_TABLES) {
    const run = await seconds(() => refreshGold(lake, { full: true, tables: [name], log: jobsLog }));
    if (run.value[0]?.status !== 'refreshed') throw new Error(`batch bench: gold table ${name} was not rebuilt`);
    gold[name] = run.seconds;
  }
  const total = silver.seconds + Object.values(gold).reduce((sum, s) => sum + s, 0);
  return { silver: silver.seconds, gold, total, bronzeRows, silverRows: silver.value.rows };
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The same SQL files in plain DuckDB: bronze Parquet in, silver and gold Parquet out (COPY, zstd, partitioned like ours). */
async function referenceFullRebuild(connection: DuckDBConnection, bronzeFiles: readonly string[], bronzeRows: number, out: string): Promise<StageTimes> {
  const silverDir = join(out, 'silver');
  await mkdir(join(out, 'gold'), { recursive: true });
  await connection.run(`CREATE OR REPLACE VIEW bronze_files AS SELECT * FROM read_parquet([${bronzeFiles.map(sqlString).join(', ')}], hive_partitioning = true)`);
  const silver = await seconds(async () => {
    const result = await computeSilver(connection, { bronze: 'bronze_files', into: 'silver_rows' });
    await connection.run(`COPY silver_rows TO ${sqlString(silverDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_date))`);
    await connection.run('DROP TABLE silver_rows');
    return result;
  });
  await connection.run(`CREATE OR REPLACE VIEW silver_files AS SELECT * FROM read_parquet(${sqlString(join(silverDir, '**', '*.parquet'))}, hive_partitioning = true)`);
  const gold = {} as Record<GoldTableName, number>;
  for (const { name } of GOLD_TABLES) {
    const run = await seconds(async () => {
      await computeGoldTable(connection, { table: name, silver: 'silver_files', days: silver.value.eventDates, into: 'gold_rows' });
      await connection.run(`COPY gold_rows TO ${sqlString(join(out, 'gold', name))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day))`);
      await connection.run('DROP TABLE gold_rows');
    });
    gold[name] = run.seconds;
  }
  const total = silver.seconds + Object.values(gold).reduce((sum, s) => sum + s, 0);
  return { silver: silver.seconds, gold, total, bronzeRows, silverRows: silver.value.rows };
}

/** Our gold tables and the reference's hold exactly the same rows (checked once, untimed). */
async function assertSameGold(lake: Lake, referenceOut: string): Promise<void> {
  for (const definition of GOLD_TABLES) {
    const table = await openIfExists(lake, definition);
    if (!table) throw new Error(`batch bench: no gold table ${definition.name}`);
    const plan = await table.scan();
    await table.close();
    const columns = definition.columns.map((c) => `"${c.name}"`).join(', ');
    const ours = `SELECT ${columns} FROM (${plan.sql})`;
    const theirs = `SELECT ${columns} FROM read_parquet(${sqlString(join(referenceOut, 'gold', definition.name, '**', '*.parquet'))}, hive_partitioning = true)`;
    const [row] = await lake.duckdb.rows(
      `SELECT (SELECT count(*) FROM (${ours})) AS ours, (SELECT count(*) FROM (${theirs})) AS theirs,
              (SELECT count(*) FROM ((${ours} EXCEPT ALL ${theirs}) UNION ALL (${theirs} EXCEPT ALL ${ours}))) AS different`,
    );
    if (Number(row?.['different']) !== 0 || Number(row?.['ours']) === 0) {
      throw new Error(`batch bench: gold table ${definition.name} differs from the reference (${String(row?.['ours'])} rows vs ${String(row?.['theirs'])}, ${String(row?.['different'])} not in both)`);
    }
  }
}

interface RunResult {
  ours: StageTimes;
  reference: StageTimes;
  incremental: number;
}

async function oneRun(ctx: BenchContext, source: SimulatedLake, threads: number, run: number): Promise<RunResult> {
  const work = join(ctx.root, '.cache', 'bench', 'work', `batch-${randomUUID()}`);
  await mkdir(work, { recursive: true });
  const duckdb = await DuckDBSession.create({ threads });
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads), autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const reference = await instance.connect();
  try {
    await reference.run(`SET TimeZone = 'UTC'`);
    await linkTree(source.bronzeLake, join(work, 'lake'));
    const lake: Lake = { uri: fileUriOf(join(work, 'lake')), storage: {}, duckdb };
    const bronzeRows = await tableRowCount(lake, BRONZE_TABLE);
    const bronze = await openIfExists(lake, BRONZE_TABLE);
    const bronzeFiles = (bronze?.snapshot().files ?? []).map((file) => {
      if (file.location.kind !== 'table') throw new Error(`batch bench: bronze file ${file.add.path} is outside the table`);
      return join(work, 'lake', ...BRONZE_TABLE.path, file.location.key);
    });
    await bronze?.close();

    // Alternate which side goes first, so that neither always gets the warmer page cache.
    const referenceFirst = run % 2 === 1;
    let theirs: StageTimes | undefined;
    if (referenceFirst) theirs = await referenceFullRebuild(reference, bronzeFiles, bronzeRows, join(work, 'reference'));
    const ours = await ourFullRebuild(lake, bronzeRows);
    theirs ??= await referenceFullRebuild(reference, bronzeFiles, bronzeRows, join(work, 'reference'));
    ctx.log.info({ run, ours: ours.total.toFixed(2), reference: theirs.total.toFixed(2), oursSilver: ours.silver.toFixed(2), referenceSilver: theirs.silver.toFixed(2) }, 'full rebuild (s)');
    if (run === 0) {
      await assertSameGold(lake, join(work, 'reference'));
      ctx.log.info('our gold tables equal the reference, row for row');
    }

    const increment = await readIncrement(source.incrementFile);
    const table = await openOrCreate(lake, BRONZE_TABLE);
    await table.append(increment);
    await table.close();
    const incremental = await seconds(() => refreshLake(lake, { log: jobsLog }));
    const silverRows = await tableRowCount(lake, SILVER_TABLE);
    if (silverRows !== ours.silverRows + increment.length) {
      throw new Error(`batch bench: after the incremental run silver has ${silverRows} rows, expected ${ours.silverRows} + ${increment.length}`);
    }
    ctx.log.info({ run, incremental: incremental.seconds.toFixed(2), silverRows: incremental.value.silver.rows, goldDays: incremental.value.gold.map((g) => g.days.length) }, 'incremental refresh (s)');
    return { ours, reference: theirs, incremental: incremental.seconds };
  } finally {
    reference.closeSync();
    instance.closeSync();
    await duckdb.close();
    await rm(work, { recursive: true, force: true });
  }
}

function wholeNumber(value: string | boolean | undefined, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

export const batchBenchmark: Benchmark = {
  name: 'batch',
  description: 'bronze → silver → gold on local disk: full rebuild vs the same SQL in plain DuckDB, incremental (+1 %) vs full, rows/s per stage',
  defaultRuns: 3,
  options: {
    events: { type: 'string', default: '10000000', description: 'simulated events in the bronze lake (cached under .cache/bench/lakes)' },
    seed: { type: 'string', default: 'batch-bench', description: 'simulator seed (part of the cache key)' },
    threads: { type: 'string', default: '1', description: 'DuckDB threads, ours and the reference alike (batch-metrics runs with 1)' },
  },
  async run(ctx) {
    const loadAverage = loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ');
    const events = Math.round(wholeNumber(ctx.options['events'], 'events', 10_000, 100_000_000) * ctx.scale);
    const threads = wholeNumber(ctx.options['threads'], 'threads', 1, 64);
    const seed = String(ctx.options['seed']);
    const source = await simulatedBronzeLake(ctx.root, { seed, events }, ctx.log);
    const results: RunResult[] = [];
    for (let run = 0; run < ctx.runs; run++) results.push(await oneRun(ctx, source, threads, run));

    const ours = results.map((r) => r.ours);
    const theirs = results.map((r) => r.reference);
    const rowsPerSecond = (rows: number, s: number) => rows / s;
    const referenceName = 'plain DuckDB: the same SQL files over the same bronze Parquet, COPY to Parquet';
    const comparisons: Comparison[] = [
      compare({
        metric: `full rebuild: bronze → silver → ${GOLD_TABLES.length} gold tables`,
        unit: 's',
        higherIsBetter: false,
        ours: ours.map((o) => o.total),
        reference: { name: referenceName, runs: theirs.map((t) => t.total) },
        ratioTarget: 1 / TARGET_FULL_OVERHEAD,
      }),
      compare({
        metric: `incremental refresh after +1 % events (${source.manifest.incrementEvents.toLocaleString('en-US')} appended to bronze)`,
        unit: 's',
        higherIsBetter: false,
        ours: results.map((r) => r.incremental),
        reference: { name: 'our full rebuild, same run', runs: ours.map((o) => o.total) },
        ratioTarget: 1 / TARGET_INCREMENTAL_SHARE,
      }),
      compare({
        metric: 'stage bronze → silver (bronze rows read per second)',
        unit: 'rows/s',
        higherIsBetter: true,
        ours: ours.map((o) => rowsPerSecond(o.bronzeRows, o.silver)),
        reference: { name: referenceName, runs: theirs.map((t) => rowsPerSecond(t.bronzeRows, t.silver)) },
      }),
      ...GOLD_TABLES.map(({ name }) =>
        compare({
          metric: `stage silver → ${name} (silver rows read per second)`,
          unit: 'rows/s',
          higherIsBetter: true,
          ours: ours.map((o) => rowsPerSecond(o.silverRows, o.gold[name])),
          reference: { name: referenceName, runs: theirs.map((t) => rowsPerSecond(t.silverRows, t.gold[name])) },
        }),
      ),
    ];
    const silverRows = ours[0]?.silverRows ?? 0;
    const m = source.manifest;
    return {
      dataSize:
        `${m.events.toLocaleString('en-US')} simulated events in bronze (@music/simulator, seed ${JSON.stringify(m.seed)}, ${m.users.toLocaleString('en-US')} users, ` +
        `${m.firstDay} to ${m.lastDay}, ${m.bronzeCommits} appends), ${silverRows.toLocaleString('en-US')} silver rows; increment: ${m.incrementEvents.toLocaleString('en-US')} events from ${m.incrementFirstDay}`,
      comparisons,
      notes: [
        `Load average (1/5/15 min) when the bench started: ${loadAverage}; 2 cores shared with other processes. Local disk; DuckDB with ${threads} thread(s) on both sides (batch-metrics' DuckDBSession default is 1).`,
        `Each run works on a hard-linked copy of the cached bronze lake (.cache/bench/lakes/, generated once in ${m.generatedSeconds} s). Ours: refreshSilver({ full }) then refreshGold({ full, tables: [t] }) per gold table, i.e. what refreshLake({ full: true }) runs, timed per stage; Delta scans, the SQL, rows to the Delta writer, Parquet with statistics and one commit per table included.`,
        'Reference: computeSilver / computeGoldTable of @music/metrics (the same SQL files) on a plain DuckDB connection, bronze read with read_parquet over exactly the bronze table\'s live files, each result written with COPY … (FORMAT parquet, COMPRESSION zstd, PARTITION_BY …); gold reads the silver Parquet it wrote. The side that runs first alternates between runs.',
        'Checked on the first run: every gold table of ours equals the reference\'s, row for row (EXCEPT ALL both ways); after each incremental run silver holds exactly the previous rows plus the increment.',
        `Incremental: the next ${m.incrementEvents.toLocaleString('en-US')} simulated events (1 %, the newest, as live ingest would bring them) appended to bronze in one commit (untimed), then refreshLake() incrementally (timed): new bronze files only, then the gold days they touch (trending: the days whose windows contain them).`,
        `rows/s per stage: bronze rows (or silver rows for a gold table) divided by that stage's seconds; median of ${ctx.runs} runs, medians taken per figure.`,
        `Peak resident memory of the bench process (ours and the reference run in it, one after the other): ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(1)} GiB.`,
        `Medians of the totals: ours ${median(ours.map((o) => o.total)).toFixed(2)} s, reference ${median(theirs.map((t) => t.total)).toFixed(2)} s, incremental ${median(results.map((r) => r.incremental)).toFixed(2)} s.`,
      ],
    };
  },
};
