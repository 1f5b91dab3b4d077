import type { Logger } from '@music/logger';
import { computeSilver, computeSilverIncrement } from '@music/metrics';
import { BRONZE_TABLE, ERASED_LISTENERS_TABLE, SILVER_TABLE } from '@music/tables';
import { openIfExists, openOrCreate, withExistingTable, type Lake } from './lake';
import { changesSince, partitionValuesOf } from './table-changes';

/** Silver's txn appId: its version is the bronze version silver reflects. */
export const SILVER_BRONZE_APP_ID = 'batch-metrics:silver:bronze-version';

/** The DuckDB table (in the lake's session) holding the silver rows of a run until they are written. */
const SILVER_INCREMENT = 'silver_increment';

export interface SilverRefresh {
  status: 'up-to-date' | 'refreshed' | 'no-bronze';
  bronzeVersion: number | undefined;
  /** Bronze files read, and silver rows written. */
  bronzeFiles: number;
  rows: number;
  /** Event dates that received silver rows (the gold days to recompute). */
  eventDates: string[];
  silverVersion: number | undefined;
}

/** The scan of the register of erased listeners, or undefined when nobody was erased. */
function erasedListenersPlan(lake: Lake): Promise<string | undefined> {
  return withExistingTable(lake, ERASED_LISTENERS_TABLE, async (register) => {
    const snapshot = await register.refresh();
    return snapshot.files.length === 0 ? undefined : (await register.scan({ columns: ['user_id_sha256', 'erased_at'] })).sql;
  });
}

/**
 * Bronze → silver. Incremental by default: only bronze files added since the bronze version
 * recorded in silver's txn are read, and only event_ids silver lacks on those event dates are
 * appended (the same event_id always has the same event date). `full` rebuilds silver from all
 * of bronze in one overwrite. The bronze version goes in the same commit, so a crash never
 * applies a batch twice nor skips one.
 */
export async function refreshSilver(lake: Lake, options: { full?: boolean; log: Logger }): Promise<SilverRefresh> {
  const bronze = await openIfExists(lake, BRONZE_TABLE);
  if (!bronze) return { status: 'no-bronze', bronzeVersion: undefined, bronzeFiles: 0, rows: 0, eventDates: [], silverVersion: undefined };
  const silver = await openOrCreate(lake, SILVER_TABLE);
  try {
    const silverSnapshot = await silver.refresh();
    const processed = options.full ? undefined : silverSnapshot.txns.get(SILVER_BRONZE_APP_ID)?.version;
    const changes = await changesSince(bronze, processed);
    const bronzeVersion = changes.snapshot.version;
    if (!options.full && processed === bronzeVersion) {
      return { status: 'up-to-date', bronzeVersion, bronzeFiles: 0, rows: 0, eventDates: [], silverVersion: silverSnapshot.version };
    }
    if (!changes.baseReadable) {
      // Every bronze file is read; silver's event_ids are still anti-joined, so nothing is doubled.
      options.log.warn({ stage: 'silver', processedBronzeVersion: processed, bronzeVersion }, 'the bronze version silver reflects is past the log retention: reading all of bronze');
    }
    const bronzePlan = await bronze.scan({ snapshot: { ...changes.snapshot, files: changes.added } });
    const newDates = partitionValuesOf(changes.added, 'event_date');
    options.log.info({ stage: 'silver', bronzeVersion, bronzeFiles: changes.added.length, full: Boolean(options.full) }, 'reading new bronze files');

    // Plans first: the scan may use the DuckDB session, which `exclusive` holds below.
    const known = options.full || newDates.length === 0 ? undefined : await silver.scan({ columns: ['event_id'], filter: [{ column: 'event_date', op: 'in', values: newDates }] });
    const erased = await erasedListenersPlan(lake);
    const { rows, eventDates } = await lake.duckdb.exclusive(async (connection) => {
      // Events of erased listeners that occurred before their erasure never reach silver, even
      // when they were ingested after it (in transit at the time). Only the distinct user ids
      // are hashed: hashing every row took ten times longer (6.4 s against 0.66 s for 10M rows).
      await connection.run(
        erased === undefined
          ? `CREATE OR REPLACE TEMP VIEW bronze_increment AS ${bronzePlan.sql}`
          : `CREATE OR REPLACE TEMP VIEW bronze_increment AS
             WITH bronze AS (${bronzePlan.sql}),
             erased_users AS (
               SELECT d.user_id, max(e.erased_at) AS erased_at
               FROM (SELECT DISTINCT user_id FROM bronze) d JOIN (${erased}) e ON e.user_id_sha256 = sha256(d.user_id)
               GROUP BY d.user_id
             )
             SELECT b.* FROM bronze b LEFT JOIN erased_users x ON x.user_id = b.user_id
             WHERE x.erased_at IS NULL OR b.occurred_at > x.erased_at`,
      );
      if (known === undefined) return computeSilver(connection, { bronze: 'bronze_increment', into: SILVER_INCREMENT });
      await connection.run(`CREATE OR REPLACE TEMP VIEW silver_known AS ${known.sql}`);
      return computeSilverIncrement(connection, { bronze: 'bronze_increment', silver: 'silver_known', into: SILVER_INCREMENT });
    });
    // The rows go from DuckDB's table straight into silver's Parquet files, never through JS.
    const txn = { appId: SILVER_BRONZE_APP_ID, version: bronzeVersion };
    const increment = `SELECT * FROM ${SILVER_INCREMENT}`;
    const result = await (options.full
      ? silver.overwriteQuery(increment, { txns: [txn] })
      : silver.appendQuery(increment, { txns: [{ ...txn, expectedVersion: processed ?? -1 }] })
    ).finally(() => lake.duckdb.run(`DROP TABLE IF EXISTS ${SILVER_INCREMENT}`));
    options.log.info({ stage: 'silver', rows, eventDates: eventDates.length, version: result.status === 'committed' ? result.version : undefined }, 'silver written');
    return {
      status: 'refreshed',
      bronzeVersion,
      bronzeFiles: changes.added.length,
      rows,
      // From the silver SQL itself; after --full these are every date of the rebuilt silver.
      eventDates,
      silverVersion: result.status === 'committed' ? result.version : silverSnapshot.version,
    };
  } finally {
    await silver.close();
    await bronze.close();
  }
}
