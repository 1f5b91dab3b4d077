import { addDays, minuteStart, QUARANTINE_REASONS_LISTED, type LakeLayer, type PipelineResponse } from '@music/metrics-contract';
import { BRONZE_TABLE, GOLD_TABLES, goldTable, QUARANTINE_TABLE, SILVER_TABLE } from '@music/tables';
import { z } from 'zod';
import { consumerLag, type TopicOffsetsSource } from './consumer-lag';
import type { GoldQueryContext, Served } from './gold-query-context';
import type { TableView } from './lake-table-reader';
import { partitionDays } from './partition-days';
import { cacheKey } from './response-cache';
import { EncodedFields } from './response-encoding';
import { parseRows, sqlCount, sqlText } from './sql-rows';

/** The state of every lake table and how far each layer is behind the newest event. */

const LAYERS: readonly { layer: LakeLayer; table: { name: string; path: readonly string[] } }[] = [
  { layer: 'bronze', table: BRONZE_TABLE },
  { layer: 'bronze', table: QUARANTINE_TABLE },
  { layer: 'silver', table: SILVER_TABLE },
  ...GOLD_TABLES.map((table) => ({ layer: 'gold' as const, table })),
];

const MINUTE_MS = 60_000;

export const CONSUMER_LAG_NOT_CONFIGURED = 'This API was started without a Kafka topic to compare bronze with.';

type Facts = Omit<PipelineResponse, 'generated_at' | 'freshness' | 'consumer_lag' | 'consumer_lag_note'> & {
  newest: { bronze: number | null; silver: number | null; goldDay: string | null; goldMinute: number | null };
};

const ACTIVITY_TABLE = goldTable('activity_per_minute');

const newestInstant = z.date().nullable();
const newestMinute = z.number().int().nullable();
const countRow = z.object({ rows: sqlCount });
const reasonRow = z.object({ path: sqlText, expected: sqlText, rows: sqlCount, latest_summary: sqlText, latest_at: z.date().transform((at) => at.toISOString()) });

/** Rejections grouped by their first issue (where, and what was expected there): the received values vary, the faults repeat. */
async function quarantineReasons(context: GoldQueryContext, quarantine: TableView) {
  const rows = await context.reader.rows(
    `SELECT
       coalesce(json_extract_string(issues, '$[0].path'), '') AS path,
       coalesce(json_extract_string(issues, '$[0].expected'), '') AS expected,
       count(*) AS rows,
       arg_max(error_summary, ingested_at) AS latest_summary,
       max(ingested_at) AS latest_at
     FROM (${quarantine.relation})
     GROUP BY ALL
     ORDER BY rows DESC, path, expected
     LIMIT $1`,
    [QUARANTINE_REASONS_LISTED],
  );
  return parseRows(reasonRow, rows, 'quarantine reasons');
}

function statsRows(view: TableView): number | null {
  let total = 0;
  for (const file of view.snapshot.files) {
    if (file.stats?.numRecords === undefined) return null;
    total += Number(file.stats.numRecords);
  }
  return total;
}

/**
 * The largest `column` of a table and the day it is in, read from the newest partition of the day
 * column `dayColumn` only (its files are the only ones that can hold it); null without rows.
 */
async function newestInNewestDay<T>(
  context: GoldQueryContext,
  definition: { name: string; path: readonly string[] },
  view: TableView | undefined,
  dayColumn: string,
  column: string,
  value: z.ZodType<T | null>,
): Promise<{ day: string; value: T } | null> {
  const newestDay = view && partitionDays(view.snapshot, dayColumn)?.last;
  if (!view || !newestDay) return null;
  const plan = await context.reader.table(definition).scan(view, { columns: [column], filter: [{ column: dayColumn, op: '=', value: newestDay }] });
  const [row] = parseRows(z.object({ newest: value }), await context.reader.rows(`SELECT max("${column}") AS newest FROM (${plan.sql})`), `newest ${column} of ${definition.name}`);
  return row?.newest == null ? null : { day: newestDay, value: row.newest };
}

/** Latest occurred_at of bronze or silver. */
async function newestEvent(context: GoldQueryContext, definition: typeof BRONZE_TABLE | typeof SILVER_TABLE, view: TableView | undefined): Promise<number | null> {
  return (await newestInNewestDay(context, definition, view, 'event_date', 'occurred_at', newestInstant))?.value.getTime() ?? null;
}

/** Start of the newest minute with an event in gold (activity_per_minute). */
async function newestGoldMinute(context: GoldQueryContext, view: TableView | undefined): Promise<number | null> {
  const newest = await newestInNewestDay(context, ACTIVITY_TABLE, view, 'day', 'minute_of_day', newestMinute);
  return newest === null ? null : minuteStart(newest.day, newest.value);
}

async function readFacts(context: GoldQueryContext, views: ReadonlyMap<string, TableView | undefined>): Promise<Facts> {
  const tables = LAYERS.map(({ layer, table }) => {
    const view = views.get(table.name);
    return {
      name: table.name,
      layer,
      location: context.reader.table(table).uri,
      version: view?.version ?? null,
      last_updated: view?.lastUpdated ?? null,
      files: view?.snapshot.files.length ?? 0,
      rows: view ? statsRows(view) : null,
    };
  });
  const goldViews = GOLD_TABLES.map((table) => views.get(table.name)).filter((view) => view !== undefined);
  const goldDays = goldViews.map((view) => partitionDays(view.snapshot, 'day')?.last).filter((day) => day !== undefined);
  const quarantine = views.get(QUARANTINE_TABLE.name);
  const [quarantineCount] = quarantine ? parseRows(countRow, await context.reader.rows(`SELECT count(*) AS rows FROM (${quarantine.relation})`), 'quarantine rows') : [];
  return {
    last_updated: goldViews.map((view) => view.lastUpdated).sort().at(-1) ?? null,
    table_version: null,
    tables,
    quarantine: { rows: quarantineCount?.rows ?? 0, version: quarantine?.version ?? null, reasons: quarantine ? await quarantineReasons(context, quarantine) : [] },
    newest: {
      bronze: await newestEvent(context, BRONZE_TABLE, views.get(BRONZE_TABLE.name)),
      silver: await newestEvent(context, SILVER_TABLE, views.get(SILVER_TABLE.name)),
      goldDay: goldDays.sort().at(-1) ?? null,
      goldMinute: await newestGoldMinute(context, views.get(ACTIVITY_TABLE.name)),
    },
  };
}

/** Bronze's consumer lag now, or why it could not be measured. */
async function measureLag(bronze: TableView | undefined, source: TopicOffsetsSource | undefined): Promise<Pick<PipelineResponse, 'consumer_lag' | 'consumer_lag_note'>> {
  if (!source) return { consumer_lag: null, consumer_lag_note: CONSUMER_LAG_NOT_CONFIGURED };
  try {
    return { consumer_lag: consumerLag(bronze?.snapshot.txns ?? new Map(), source, await source.offsets()), consumer_lag_note: null };
  } catch (error) {
    return { consumer_lag: null, consumer_lag_note: `Kafka could not be asked for the end offsets of ${source.topic}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Every table's version and size, freshness per layer and the quarantine count; cached per set of
 * table versions, with everything but the clock's fields (generated_at, freshness, consumer lag)
 * encoded once. The lag compares bronze with Kafka's end offsets from `context.topicOffsets`.
 */
export async function pipelineStatus(context: GoldQueryContext): Promise<Served<PipelineResponse>> {
  const { now } = context;
  const current = await Promise.all(LAYERS.map(({ table }) => context.reader.table(table).current()));
  const views = new Map(LAYERS.map(({ table }, index) => [table.name, current[index]]));
  const versions = [...views].map(([name, view]) => ({ name, version: view?.version ?? -1 }));
  const { value, hit } = await context.cache.getOrCompute(cacheKey('pipeline', {}, versions), async () => {
    const { newest, ...fixed } = await readFacts(context, views);
    return { newest, fixed, encoded: EncodedFields.of('pipeline', fixed) };
  });
  const { newest, fixed, encoded } = value;
  const lag = (at: number | null) => (at === null ? null : (now - at) / 1000);
  const goldLag =
    newest.goldMinute !== null
      ? Math.max(0, now - (newest.goldMinute + MINUTE_MS)) / 1000
      : newest.goldDay === null
        ? null
        : Math.max(0, now - Date.parse(`${addDays(newest.goldDay, 1)}T00:00:00.000Z`)) / 1000;
  const clock = {
    ...(await measureLag(views.get(BRONZE_TABLE.name), context.topicOffsets)),
    generated_at: new Date(now).toISOString(),
    freshness: {
      bronze: { newest_event: newest.bronze === null ? null : new Date(newest.bronze).toISOString(), lag_seconds: lag(newest.bronze) },
      silver: { newest_event: newest.silver === null ? null : new Date(newest.silver).toISOString(), lag_seconds: lag(newest.silver) },
      gold: { newest_day: newest.goldDay, newest_event_minute: newest.goldMinute === null ? null : new Date(newest.goldMinute).toISOString(), lag_seconds: goldLag },
    },
  };
  return { body: { ...clock, ...fixed }, encoded: encoded.complete(clock), cache: hit ? 'hit' : 'miss' };
}
