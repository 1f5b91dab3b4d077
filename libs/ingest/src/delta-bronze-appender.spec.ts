import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession, type DeltaTable } from '@music/delta';
import { encodeEvent, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '@music/events/testing';
import { openObjectStore } from '@music/storage';
import { BRONZE_TABLE, openOrCreateTable, QUARANTINE_TABLE, toBronzeRow, type QuarantineRow } from '@music/tables';
import { DeltaBronzeAppender } from './delta-bronze-appender';
import { DeltaTableAppender } from './delta-table-appender';
import { writeBatch, type ConsumedRecord } from './ingest-batch';
import { InMemoryDeadLetters } from './testing';

jest.setTimeout(60_000);

const NOW = new Date('2026-11-24T10:00:00.000Z');
let duckdb: DuckDBSession;
let root: string;

beforeAll(async () => {
  duckdb = await DuckDBSession.create();
});
afterAll(async () => {
  await duckdb.close();
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ingest-bronze-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function record(partition: number, offset: number, value: Buffer): ConsumedRecord {
  return { topic: 'events', partition, offset: String(offset), key: null, value, headers: {} };
}

function eventRecord(partition: number, offset: number, event: ListeningEvent): ConsumedRecord {
  const encoded = encodeEvent(event);
  return { ...record(partition, offset, encoded.value), headers: encoded.headers };
}

async function lake(name: string): Promise<{ bronze: DeltaTable; writers: Parameters<typeof writeBatch>[1] }> {
  const bronze = await openOrCreateTable(openObjectStore(`file://${root}/${name}/bronze`), BRONZE_TABLE, { duckdb });
  const quarantine = await openOrCreateTable(openObjectStore(`file://${root}/${name}/quarantine`), QUARANTINE_TABLE, { duckdb });
  return {
    bronze,
    writers: {
      group: 'g',
      bronze: new DeltaBronzeAppender('bronze', bronze, { workDirectory: root }),
      quarantine: new DeltaTableAppender<QuarantineRow>('quarantine', quarantine, { workDirectory: root }),
      deadLetters: new InMemoryDeadLetters(),
      now: () => NOW,
    },
  };
}

/** Bronze's rows as JSON values, ordered by Kafka position. */
async function bronzeRows(table: DeltaTable): Promise<Record<string, unknown>[]> {
  await table.refresh();
  const rows = await duckdb.rows(
    `SELECT * REPLACE (strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, strftime(event_date, '%Y-%m-%d') AS event_date, strftime(ingested_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS ingested_at)
     FROM (${(await table.scan()).sql}) ORDER BY source_partition, source_offset`,
  );
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])));
}

describe('DeltaBronzeAppender', () => {
  it('writes the bronze rows toBronzeRow gives, from the records themselves, exactly once', async () => {
    const { bronze, writers } = await lake('events');
    const events = [makePlayEvent(), makeSkipEvent(), makeLikeEvent(), makeShareEvent(), makePlayEvent({ track: { ...makePlayEvent().track, title: 'Ünïcode "quoted" \\ title 🎵' } })];
    const batch = [...events.map((event, offset) => eventRecord(offset % 2, offset, event)), record(1, 99, Buffer.from('{"nope":'))];
    expect(await writeBatch(batch, writers)).toMatchObject({ valid: 5, invalid: 1, bronzeVersion: 1, quarantineVersion: 1 });
    const expected = events
      .map((event, offset) => toBronzeRow(event, { topic: 'events', partition: offset % 2, offset: String(offset) }, NOW))
      .sort((a, b) => a.source_partition - b.source_partition || a.source_offset - b.source_offset);
    expect(await bronzeRows(bronze)).toEqual(expected);
    expect(bronze.snapshot().txns.get('streaming-ingest:g:events:1')?.version).toBe(99);

    expect(await writeBatch(batch, writers)).toMatchObject({ alreadyWritten: 6, bronzeVersion: undefined });
    expect(await bronzeRows(bronze)).toHaveLength(5);
  });

  it('writes through the validating row API the records DuckDB cannot read as the validator did', async () => {
    const { bronze, writers } = await lake('fallback');
    const play = makePlayEvent();
    // Valid for the validator (JSON.parse keeps the last member), refused by DuckDB's reader.
    const duplicate = Buffer.from(JSON.stringify(play).replace('{', `{"user_id":"someone-else",`));
    const lone = makeSkipEvent({ track: { ...makeSkipEvent().track, title: 'half \ud800 a pair' } });
    // One batch for each, so that each one alone must take the other way.
    expect(await writeBatch([record(0, 0, duplicate)], writers)).toMatchObject({ valid: 1, invalid: 0, bronzeVersion: 1 });
    expect(await writeBatch([eventRecord(0, 1, lone), eventRecord(0, 2, makeLikeEvent())], writers)).toMatchObject({ valid: 2, invalid: 0, bronzeVersion: 2 });
    const rows = await bronzeRows(bronze);
    expect(rows.map((row) => [row['source_offset'], row['user_id']])).toEqual([
      [0, play.user_id],
      [1, lone.user_id],
      [2, expect.any(String)],
    ]);
    // The appender of the row API writes a lone surrogate as U+FFFD, as UTF-8 requires.
    expect(rows[1]?.['track_title']).toBe('half \ufffd a pair');
    expect(bronze.snapshot().version).toBe(2);
  });
});
