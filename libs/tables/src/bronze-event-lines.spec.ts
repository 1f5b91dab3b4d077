import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from '@music/delta';
import { encodeEvent, type ListeningEvent } from '@music/events';
import { makeLikeEvent, makePlayEvent, makeShareEvent, makeSkipEvent } from '@music/events/testing';
import { bronzeEventLinesSql, encodeBronzeEventLines, type BronzeEventSource } from './bronze-event-lines';
import { BRONZE_COLUMNS, toBronzeRow } from './bronze-row';

const ingestedAt = new Date('2026-11-24T12:00:00.500Z');

let duckdb: DuckDBSession;
let directory: string;
beforeAll(async () => {
  duckdb = await DuckDBSession.create();
  directory = mkdtempSync(join(tmpdir(), 'bronze-lines-'));
});
afterAll(async () => {
  await duckdb.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Rows of the SQL, timestamps as epoch milliseconds and integers as numbers, in line order. */
async function sqlRows(lines: Buffer): Promise<Record<string, unknown>[]> {
  const path = join(directory, `${Math.random()}.ndjson`);
  writeFileSync(path, lines);
  const rows = await duckdb.rows(
    `SELECT * REPLACE (epoch_ms(occurred_at) AS occurred_at, CAST(event_date AS VARCHAR) AS event_date, epoch_ms(ingested_at) AS ingested_at) FROM (${bronzeEventLinesSql(path, ingestedAt)})`,
  );
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])));
}

/** toBronzeRow's row in the same representation. */
function expectedRow(event: ListeningEvent, source: Omit<BronzeEventSource, 'value'>): Record<string, unknown> {
  const row = toBronzeRow(event, source, ingestedAt);
  return { ...row, occurred_at: Date.parse(row.occurred_at), ingested_at: Date.parse(row.ingested_at) };
}

describe('bronze event lines', () => {
  it('give, in SQL, the rows toBronzeRow gives, for every event type', async () => {
    const events = [
      makePlayEvent({ occurred_at: '2026-11-23T23:59:59.999Z' }),
      makeSkipEvent(),
      makeLikeEvent(),
      makeShareEvent(),
      makePlayEvent({ track: { ...makePlayEvent().track, title: 'Quote " back\\slash \u00e9\u{1F3B5} \n line' } }),
    ];
    const sources = events.map((event, index) => ({ topic: index % 2 === 0 ? 'listening-events' : 'other.topic', partition: index, offset: String(1_000_000_000_000 + index), value: encodeEvent(event).value }));
    const rows = await sqlRows(encodeBronzeEventLines(sources));
    expect(rows).toEqual(events.map((event, index) => expectedRow(event, sources[index] as BronzeEventSource)));
    expect(Object.keys(rows[0] ?? {})).toEqual(BRONZE_COLUMNS.map((column) => column.name));
  });

  it('read event JSON written in any valid layout (spaces, escapes, member order)', async () => {
    const event = makeShareEvent();
    const { track, ...rest } = event;
    const reordered = JSON.stringify({ track: { ...track }, ...Object.fromEntries(Object.entries(rest).reverse()) }, null, 0).replace('"user_id"', '"us\\u0065r_id"');
    const spaced = ` ${reordered.replaceAll(',', ' , ')} `;
    const rows = await sqlRows(encodeBronzeEventLines([{ topic: 't', partition: 0, offset: '7', value: Buffer.from(spaced) }]));
    expect(rows).toEqual([expectedRow(event, { topic: 't', partition: 0, offset: '7' })]);
  });

  it('refuse an event of another schema version, and JSON DuckDB would read differently than JSON.parse', async () => {
    const event = makePlayEvent();
    const other = Buffer.from(JSON.stringify({ ...event, schema_version: 2 }));
    await expect(sqlRows(encodeBronzeEventLines([{ topic: 't', partition: 0, offset: '1', value: other }]))).rejects.toThrow('has schema_version 2, not 1');
    // JSON.parse keeps the last of duplicate members; DuckDB refuses them rather than pick one.
    const duplicate = Buffer.from(JSON.stringify(event).replace('{', '{"user_id":"someone-else",'));
    await expect(sqlRows(encodeBronzeEventLines([{ topic: 't', partition: 0, offset: '1', value: duplicate }]))).rejects.toThrow(/duplicate key/);
    // A multi-line value would cut its line in two.
    const pretty = Buffer.from(JSON.stringify(event, null, 2));
    await expect(sqlRows(encodeBronzeEventLines([{ topic: 't', partition: 0, offset: '1', value: pretty }]))).rejects.toThrow();
  });

  it('refuse a position that is not a Kafka offset', () => {
    expect(() => encodeBronzeEventLines([{ topic: 't', partition: 0, offset: '1,"x":2', value: Buffer.from('{}') }])).toThrow('is not a Kafka position');
    for (const offset of ['', '-1', '1e3', '12345678901234567890']) {
      expect(() => encodeBronzeEventLines([{ topic: 't', partition: 0, offset, value: Buffer.from('{}') }])).toThrow(`t/0/${offset} is not a Kafka position`);
    }
    expect(() => encodeBronzeEventLines([{ topic: 't","x":"', partition: 0, offset: '1', value: Buffer.from('{}') }])).toThrow('is not a Kafka partition');
    expect(() => encodeBronzeEventLines([{ topic: 't', partition: -1, offset: '1', value: Buffer.from('{}') }])).toThrow('t/-1 is not a Kafka partition');
  });

  it('lay out each line as the prefix of its partition, its offset, then the value as is', () => {
    const value = Buffer.from('{"a":"\u00e9"}');
    const records = [
      { topic: 'a', partition: 1, offset: '0', value },
      { topic: 'b', partition: 1, offset: '9007199254740993', value },
      { topic: 'a', partition: 2, offset: '41', value },
      { topic: 'a', partition: 1, offset: '42', value },
    ];
    expect(encodeBronzeEventLines(records).toString('utf8').split('\n')).toEqual([
      '{"source_topic":"a","source_partition":1,"source_offset":0,"event":{"a":"\u00e9"}}',
      '{"source_topic":"b","source_partition":1,"source_offset":9007199254740993,"event":{"a":"\u00e9"}}',
      '{"source_topic":"a","source_partition":2,"source_offset":41,"event":{"a":"\u00e9"}}',
      '{"source_topic":"a","source_partition":1,"source_offset":42,"event":{"a":"\u00e9"}}',
      '',
    ]);
  });
});
