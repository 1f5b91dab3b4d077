import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { DuckDBSession } from '@music/delta';
import { openIfExists, openOrCreate, refreshLake, type Lake, type LakeTable } from '@music/lakehouse-jobs';
import type { Logger } from '@music/logger';
import { SQL_DIRECTORY } from '@music/metrics';
import { ListeningSimulator } from '@music/simulator';
import { fileUriOf } from '@music/storage';
import { BRONZE_TABLE, toBronzeRow, type BronzeRow } from '@music/tables';
import { z } from 'zod';

/**
 * A bronze lake of simulated listening events for the batch and API benchmarks, generated once
 * per (seed, size) with @music/simulator and kept under .cache/bench/lakes/ so that reruns reuse
 * it. Benchmarks never write into it: they work on hard-linked copies (`linkTree`), which is safe
 * because a Delta table on local disk only ever adds, renames over or deletes files.
 */

/** Bumped when generation changes, so that an old cache is not taken for the new one. */
const GENERATION = 1;
/** Simulated days the lake spans whatever its size: users are scaled to the event count. */
const SPAN_DAYS = 56;
/** What the simulator's default behaviour produces per user and day (measured: 18–20). */
const EVENTS_PER_USER_DAY = 19;
const START_MS = Date.UTC(2026, 8, 7);
/** Rows per bronze append (one Delta commit each), as a large ingest batch would write them. */
const APPEND_ROWS = 500_000;
const PARTITIONS = 6;

const manifestSchema = z.object({
  generation: z.literal(GENERATION),
  seed: z.string(),
  events: z.number().int(),
  incrementEvents: z.number().int(),
  users: z.number().int(),
  firstDay: z.string(),
  lastDay: z.string(),
  incrementFirstDay: z.string(),
  bronzeCommits: z.number().int(),
  generatedSeconds: z.number(),
});
export type SimulatedLakeManifest = z.infer<typeof manifestSchema>;

export interface SimulatedLake {
  /** The cache entry's directory. */
  directory: string;
  /** Lake root holding bronze/listening_events with `events` rows: never written to. */
  bronzeLake: string;
  /** The next 1 % of events (after the lake's), as bronze rows in NDJSON. */
  incrementFile: string;
  manifest: SimulatedLakeManifest;
}

/** Recreates `source`'s tree under `target` with hard links (same file system). */
export async function linkTree(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(source, { recursive: true, withFileTypes: true })) {
    const to = join(target, relative(source, join(entry.parentPath, entry.name)));
    if (entry.isDirectory()) await mkdir(to, { recursive: true });
    else if (entry.isFile()) {
      await mkdir(join(to, '..'), { recursive: true });
      await link(join(entry.parentPath, entry.name), to);
    }
  }
}

export async function readIncrement(file: string): Promise<BronzeRow[]> {
  const rows: BronzeRow[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) rows.push(JSON.parse(line) as BronzeRow);
  return rows;
}

function bronzeRowOf(simulator: ListeningSimulator, index: number): BronzeRow | undefined {
  const event = simulator.next();
  if (!event) return undefined;
  // Ingested a couple of seconds after it happened, spread over the topic's partitions.
  return toBronzeRow(event, { topic: 'listening-events', partition: index % PARTITIONS, offset: String(Math.floor(index / PARTITIONS)) }, new Date(Date.parse(event.occurred_at) + 2_000));
}

async function generate(directory: string, seed: string, events: number, log: Logger): Promise<SimulatedLakeManifest> {
  const started = Date.now();
  const users = Math.max(50, Math.round(events / (SPAN_DAYS * EVENTS_PER_USER_DAY)));
  const simulator = ListeningSimulator.create({ seed, startMs: START_MS, users });
  const bronzeLake = join(directory, 'bronze-lake');
  const duckdb = await DuckDBSession.create();
  const lake: Lake = { uri: fileUriOf(bronzeLake), storage: {}, duckdb };
  const bronze = await openOrCreate(lake, BRONZE_TABLE);
  let firstDay = '';
  let lastDay = '';
  let commits = 0;
  try {
    for (let written = 0; written < events; ) {
      const rows: BronzeRow[] = [];
      for (let i = 0; i < Math.min(APPEND_ROWS, events - written); i++) {
        const row = bronzeRowOf(simulator, written + i);
        if (!row) throw new Error(`the simulator stopped after ${written + i} events`);
        rows.push(row);
      }
      firstDay ||= rows[0]?.event_date ?? '';
      lastDay = rows.at(-1)?.event_date ?? lastDay;
      await bronze.append(rows);
      commits++;
      written += rows.length;
      log.info({ written, of: events, lastDay, elapsedSeconds: Math.round((Date.now() - started) / 1000) }, 'bronze lake: rows appended');
    }
  } finally {
    await bronze.close();
    await duckdb.close();
  }
  const incrementEvents = Math.max(1, Math.round(events / 100));
  const increment: string[] = [];
  for (let i = 0; i < incrementEvents; i++) {
    const row = bronzeRowOf(simulator, events + i);
    if (!row) throw new Error(`the simulator stopped after ${events + i} events`);
    increment.push(JSON.stringify(row));
  }
  await writeFile(join(directory, 'increment.ndjson'), `${increment.join('\n')}\n`);
  const incrementFirstDay = (JSON.parse(increment[0] as string) as BronzeRow).event_date;
  return { generation: GENERATION, seed, events, incrementEvents, users, firstDay, lastDay, incrementFirstDay, bronzeCommits: commits, generatedSeconds: Math.round((Date.now() - started) / 1000) };
}

/** The cached lake for (seed, events), generated first when missing or incomplete. */
export async function simulatedBronzeLake(root: string, options: { seed: string; events: number }, log: Logger): Promise<SimulatedLake> {
  const key = `g${GENERATION}-seed-${options.seed.replace(/[^A-Za-z0-9_-]/g, '_')}-events-${options.events}`;
  const directory = join(root, '.cache', 'bench', 'lakes', key);
  const manifestFile = join(directory, 'manifest.json');
  const paths = { directory, bronzeLake: join(directory, 'bronze-lake'), incrementFile: join(directory, 'increment.ndjson') };
  if (existsSync(manifestFile)) {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(manifestFile, 'utf8')));
    if (parsed.success) {
      log.info({ directory, ...parsed.data }, 'reusing the cached bronze lake');
      return { ...paths, manifest: parsed.data };
    }
  }
  // The manifest is written last: without a valid one, whatever is there is a crashed attempt.
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  log.info({ directory, ...options }, 'generating the bronze lake (cached for later runs)');
  const manifest = await generate(directory, options.seed, options.events, log);
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...paths, manifest };
}

/** Rows of a lake table, from its files' statistics. */
export async function tableRowCount(lake: Lake, definition: LakeTable): Promise<number> {
  const table = await openIfExists(lake, definition);
  if (!table) throw new Error(`no table ${definition.name} in ${lake.uri}`);
  try {
    return (await table.refresh()).files.reduce((total, file) => total + Number(file.stats?.numRecords ?? Number.NaN), 0);
  } finally {
    await table.close();
  }
}

/** A digest of libs/metrics' SQL files: gold built by other SQL is not reused. */
async function sqlDigest(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(SQL_DIRECTORY, { recursive: true })).filter((name) => name.endsWith('.sql')).sort();
  for (const file of files) hash.update(file).update(await readFile(join(SQL_DIRECTORY, file)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The cached bronze lake with silver and gold built by one full refreshLake, for readers (the
 * API benchmark): built once per cached lake and version of the SQL, never written to afterwards.
 */
export async function simulatedGoldLake(source: SimulatedLake, log: Logger): Promise<{ lake: string; builtSeconds: number }> {
  const lake = join(source.directory, `gold-lake-sql-${await sqlDigest()}`);
  const marker = `${lake}.json`;
  if (existsSync(marker)) {
    const built = z.object({ builtSeconds: z.number() }).safeParse(JSON.parse(await readFile(marker, 'utf8')));
    if (built.success) {
      log.info({ lake, ...built.data }, 'reusing the cached gold lake');
      return { lake, builtSeconds: built.data.builtSeconds };
    }
  }
  const building = `${lake}.building`;
  await rm(building, { recursive: true, force: true });
  await rm(lake, { recursive: true, force: true });
  await linkTree(source.bronzeLake, building);
  log.info({ lake }, 'building silver and gold over the cached bronze lake (cached for later runs)');
  const started = Date.now();
  const duckdb = await DuckDBSession.create();
  try {
    await refreshLake({ uri: fileUriOf(building), storage: {}, duckdb }, { full: true, log });
  } finally {
    await duckdb.close();
  }
  const builtSeconds = Math.round((Date.now() - started) / 1000);
  await rename(building, lake);
  await writeFile(marker, `${JSON.stringify({ builtSeconds }, null, 2)}\n`);
  return { lake, builtSeconds };
}
