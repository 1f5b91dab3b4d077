import { addDays, utcDay, type LiveQuery, type LiveResponse } from '@music/metrics-contract';
import { BRONZE_TABLE } from '@music/tables';
import { z } from 'zod';
import type { GoldQueryContext, Served } from './gold-query-context';
import type { TableView } from './lake-table-reader';
import { cacheKey } from './response-cache';
import { EncodedFields } from './response-encoding';
import { parseRows, sqlCount, sqlText } from './sql-rows';

/** Events per minute over the last minutes, straight from bronze: what the ingest has written, before any batch run. */

const MINUTE_MS = 60_000;
const COUNTED_TYPES = { play: 'plays', skip: 'skips', like: 'likes', share: 'shares' } as const;

type Counts = LiveResponse['totals'];
type Window = Omit<LiveResponse, 'as_of'>;

const NONE: Counts = { events: 0, plays: 0, skips: 0, likes: 0, shares: 0 };
const countRow = z.object({ minute_ms: sqlCount.nullable(), event_type: sqlText.nullable(), events: sqlCount });
const newestRow = z.object({ newest_ms: sqlCount.nullable() });

/** The window's counts: rows with a null minute are window totals, a null event_type counts every type. */
async function readWindow(context: GoldQueryContext, view: TableView, from: number, to: number, days: readonly string[]): Promise<{ counts: z.output<typeof countRow>[]; newest: number | null }> {
  const plan = await context.reader.table(BRONZE_TABLE).scan(view, { columns: ['event_id', 'event_type', 'occurred_at'], filter: [{ column: 'event_date', op: 'in', values: days }] });
  const counts = parseRows(
    countRow,
    await context.reader.rows(
      `WITH bronze AS (${plan.sql})
       SELECT CAST(epoch_ms(date_trunc('minute', occurred_at)) AS BIGINT) AS minute_ms, event_type, count(DISTINCT event_id) AS events
       FROM bronze
       WHERE epoch_ms(occurred_at) >= $1 AND epoch_ms(occurred_at) < $2
       GROUP BY GROUPING SETS ((date_trunc('minute', occurred_at)), (date_trunc('minute', occurred_at), event_type), (), (event_type))`,
      [from, to],
    ),
    'live counts',
  );
  const [newest] = parseRows(newestRow, await context.reader.rows(`SELECT CAST(epoch_ms(max(occurred_at)) AS BIGINT) AS newest_ms FROM (${plan.sql})`), 'live newest event');
  return { counts, newest: newest?.newest_ms ?? null };
}

function addCount(counts: Counts, eventType: string | null, events: number): Counts {
  if (eventType === null) return { ...counts, events };
  const field = COUNTED_TYPES[eventType as keyof typeof COUNTED_TYPES];
  return field === undefined ? counts : { ...counts, [field]: events };
}

/**
 * Distinct events per UTC minute and per type over the `minutes` whole minutes ending with the
 * current one, from today's and yesterday's bronze partitions only, with the newest occurred_at
 * there. Cached per (window, bronze version); `as_of` is the request's clock.
 */
export async function liveActivity(context: GoldQueryContext, query: LiveQuery): Promise<Served<LiveResponse>> {
  const view = await context.reader.table(BRONZE_TABLE).current();
  const currentMinute = Math.floor(context.now / MINUTE_MS) * MINUTE_MS;
  const from = currentMinute - (query.minutes - 1) * MINUTE_MS;
  const to = currentMinute + MINUTE_MS;
  const today = utcDay(currentMinute);
  const version = view ? [view] : [{ name: BRONZE_TABLE.name, version: -1 }];
  const { value, hit } = await context.cache.getOrCompute(cacheKey('live', { from, to }, version), async () => {
    const { counts, newest } = view ? await readWindow(context, view, from, to, [addDays(today, -1), today]) : { counts: [], newest: null };
    const perMinute = new Map<number, Counts>();
    let totals = NONE;
    for (const row of counts) {
      if (row.minute_ms === null) totals = addCount(totals, row.event_type, row.events);
      else perMinute.set(row.minute_ms, addCount(perMinute.get(row.minute_ms) ?? NONE, row.event_type, row.events));
    }
    const window: Window = {
      table: BRONZE_TABLE.name,
      table_version: view?.version ?? null,
      last_updated: view?.lastUpdated ?? null,
      minutes: query.minutes,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      newest_event_at: newest === null ? null : new Date(newest).toISOString(),
      totals,
      series: Array.from({ length: query.minutes }, (_, i) => {
        const minute = from + i * MINUTE_MS;
        return { minute: new Date(minute).toISOString(), ...(perMinute.get(minute) ?? NONE) };
      }),
    };
    return { window, encoded: EncodedFields.of('live', window) };
  });
  const clock = { as_of: new Date(context.now).toISOString() };
  return { body: { ...value.window, ...clock }, encoded: value.encoded.complete(clock), cache: hit ? 'hit' : 'miss' };
}
