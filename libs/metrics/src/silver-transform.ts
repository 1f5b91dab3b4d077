import type { DuckDBConnection } from '@duckdb/node-api';
import { BRONZE_COLUMNS, QUALIFIED_PLAY_MIN_MS, SILVER_COLUMNS } from '@music/tables';
import { createTableFromSqlFile, loadSqlFile, quoteRelationName } from './duckdb-sql-files';
import { createInputView, dropInputView } from './input-relation';

export interface SilverResult {
  /** The table created with the silver rows. */
  relation: string;
  rows: number;
  /** The event dates (UTC, YYYY-MM-DD) the rows fall on: the silver partitions to write. */
  eventDates: string[];
}

export interface SilverOptions {
  /** Relation (table or view) holding bronze rows (see BRONZE_COLUMNS; extra columns are ignored). */
  bronze: string;
  /** Table to create (or replace) with the silver rows. */
  into: string;
}

export interface SilverIncrementOptions extends SilverOptions {
  /**
   * Relation holding the silver rows written so far (at least their event_id column). Bronze
   * rows whose event_id is already there are dropped.
   */
  silver: string;
}

function assertNotReadFrom(into: string, inputs: readonly string[]): void {
  if (inputs.some((input) => input.toLowerCase() === into.toLowerCase())) {
    throw new Error(`Silver output table ${into} is also an input (${inputs.join(', ')}); write to another table and append it`);
  }
}

async function summarise(connection: DuckDBConnection, relation: string): Promise<SilverResult> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) AS n, coalesce(list(DISTINCT strftime(event_date, '%Y-%m-%d') ORDER BY 1), []) AS days FROM ${quoteRelationName(relation)}`,
  );
  const [row] = reader.getRowObjectsJS() as { n: bigint; days: string[] }[];
  return { relation, rows: Number(row?.n ?? 0), eventDates: [...(row?.days ?? [])] };
}

async function buildSilver(connection: DuckDBConnection, bronze: string, known: string, into: string): Promise<SilverResult> {
  const file = await loadSqlFile('silver.sql');
  await createTableFromSqlFile(connection, file, into, {
    relations: { bronze, known_events: known },
    parameters: { qualified_play_min_ms: QUALIFIED_PLAY_MIN_MS },
  });
  return summarise(connection, into);
}

/** Full rebuild: the silver rows of every bronze row in `bronze`. */
export async function computeSilver(connection: DuckDBConnection, options: SilverOptions): Promise<SilverResult> {
  assertNotReadFrom(options.into, [options.bronze]);
  const bronze = await createInputView(connection, options.bronze, BRONZE_COLUMNS, 'bronze');
  const none = `${bronze}_no_known_events`;
  try {
    await connection.run(`CREATE OR REPLACE TEMP VIEW "${none}" AS SELECT CAST(NULL AS VARCHAR) AS event_id WHERE false`);
    return await buildSilver(connection, bronze, none, options.into);
  } finally {
    await dropInputView(connection, none);
    await dropInputView(connection, bronze);
  }
}

/**
 * Incremental: the silver rows to append for new bronze rows, deduplicated among themselves and
 * against the event_ids already in `silver`. Appending the increments of successive bronze
 * appends gives the same table as `computeSilver` over all of them, provided each batch was
 * ingested after the ones before (ingested_at never goes back), as the bronze log guarantees.
 */
export async function computeSilverIncrement(connection: DuckDBConnection, options: SilverIncrementOptions): Promise<SilverResult> {
  assertNotReadFrom(options.into, [options.bronze, options.silver]);
  const bronze = await createInputView(connection, options.bronze, BRONZE_COLUMNS, 'bronze');
  try {
    const known = await createInputView(connection, options.silver, SILVER_COLUMNS.filter((column) => column.name === 'event_id'), 'silver');
    try {
      return await buildSilver(connection, bronze, known, options.into);
    } finally {
      await dropInputView(connection, known);
    }
  } finally {
    await dropInputView(connection, bronze);
  }
}
