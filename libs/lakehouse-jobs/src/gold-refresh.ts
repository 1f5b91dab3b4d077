import type { QueryOverwriteOptions } from '@music/delta';
import type { Logger } from '@music/logger';
import { computeGoldTable, planGoldRefresh } from '@music/metrics';
import { GOLD_TABLES, SILVER_TABLE, type GoldTableName } from '@music/tables';
import { openIfExists, openOrCreate, type Lake } from './lake';
import { changesSince, partitionValuesOf } from './table-changes';

/** The DuckDB table (in the lake's session) holding a gold table's new rows until they are written. */
const GOLD_OUTPUT = 'gold_output';

/** Each gold table's txn appId: its version is the silver version the table reflects. */
export const GOLD_SILVER_APP_ID = 'batch-metrics:gold:silver-version';

export interface GoldTableRefresh {
  table: GoldTableName;
  status: 'up-to-date' | 'refreshed';
  days: string[];
  rows: number;
  version: number | undefined;
}

/**
 * Silver → gold, one table at a time. Each table records the silver version it reflects; the
 * silver files added or removed since then name the changed days, the refresh plan widens them
 * by the table's lookback (trending), and those day partitions are replaced in one commit with
 * the new silver version. A table never built, or `full`, is rebuilt whole.
 */
export async function refreshGold(lake: Lake, options: { full?: boolean; tables?: readonly GoldTableName[]; log: Logger }): Promise<GoldTableRefresh[]> {
  const silver = await openIfExists(lake, SILVER_TABLE);
  if (!silver) return [];
  const results: GoldTableRefresh[] = [];
  try {
    const silverSnapshot = await silver.refresh();
    const silverDays = partitionValuesOf(silverSnapshot.files, 'event_date');
    for (const definition of GOLD_TABLES.filter((t) => !options.tables || options.tables.includes(t.name))) {
      const gold = await openOrCreate(lake, definition);
      try {
        const goldSnapshot = await gold.refresh();
        const reflected = options.full ? undefined : goldSnapshot.txns.get(GOLD_SILVER_APP_ID)?.version;
        if (reflected === silverSnapshot.version) {
          results.push({ table: definition.name, status: 'up-to-date', days: [], rows: 0, version: goldSnapshot.version });
          continue;
        }
        let changedDays: string[] | 'full' = 'full';
        if (reflected !== undefined) {
          const changes = await changesSince(silver, reflected);
          if (changes.baseReadable) {
            changedDays = [...new Set([...partitionValuesOf(changes.added, 'event_date'), ...partitionValuesOf(changes.removed, 'event_date')])].sort();
          } else {
            // What was removed since cannot be known: the table is rebuilt whole.
            options.log.warn({ stage: 'gold', table: definition.name, reflectedSilverVersion: reflected }, 'the silver version this table reflects is past the log retention: rebuilding it');
          }
        }
        const [step] = planGoldRefresh({ changedDays, silverDays, tables: [definition.name] });
        const outputDays = step?.outputDays ?? [];
        const inputDays = step?.inputDays ?? [];
        // Plans first: the scan may use the DuckDB session, which `exclusive` holds below.
        const input = outputDays.length === 0 ? undefined : await silver.scan({ snapshot: silverSnapshot, filter: [{ column: 'event_date', op: 'in', values: inputDays }] });
        const computed =
          input === undefined
            ? undefined
            : await lake.duckdb.exclusive(async (connection) => {
                await connection.run(`CREATE OR REPLACE TEMP VIEW gold_silver_input AS ${input.sql}`);
                return computeGoldTable(connection, { table: definition.name, silver: 'gold_silver_input', days: outputDays, into: GOLD_OUTPUT });
              });
        // The rows go from DuckDB's table straight into gold's Parquet files, never through JS.
        const overwrite = (writeOptions: QueryOverwriteOptions) =>
          computed === undefined ? gold.overwrite([], writeOptions) : gold.overwriteQuery(`SELECT * FROM ${GOLD_OUTPUT}`, writeOptions);
        const txn = { appId: GOLD_SILVER_APP_ID, version: silverSnapshot.version };
        // Days of silver that disappeared entirely (erasure) must vanish from gold too: replace them empty.
        const replaced = changedDays === 'full' ? undefined : [...new Set([...outputDays, ...changedDays])].sort();
        const result = await (
          replaced === undefined
            ? overwrite({ txns: [txn] })
            : replaced.length === 0
              ? gold.append([], { txns: [txn] })
              : overwrite({ txns: [txn], replaceWhere: [{ column: 'day', op: 'in', values: replaced }] })
        ).finally(() => lake.duckdb.run(`DROP TABLE IF EXISTS ${GOLD_OUTPUT}`));
        const rows = computed?.rows ?? 0;
        options.log.info({ stage: 'gold', table: definition.name, days: replaced?.length ?? outputDays.length, rows }, 'gold table refreshed');
        results.push({ table: definition.name, status: 'refreshed', days: replaced ?? outputDays, rows, version: result.status === 'committed' ? result.version : undefined });
      } finally {
        await gold.close();
      }
    }
  } finally {
    await silver.close();
  }
  return results;
}
