import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { SchemaMismatchError } from './delta-errors';
import { DeltaTable } from './delta-table';
import { mergeSchema } from './schema-evolution';
import { commitActions, createEventsTable, EVENTS_SCHEMA } from './test-helpers/table-fixture';
import { tableTestSetup } from './test-helpers/table-test-setup';

describe('mergeSchema', () => {
  it('appends the new columns as nullable, typed from their values', () => {
    const rows = [
      { user_id: 'u', day: '2024-03-01', genre: 'pop', plays: 3, share: null },
      { user_id: 'u', day: '2024-03-01', plays: 4n, ratio: 0.5, liked: true, at: new Date(0), share: 0.25 },
    ];
    const { schema, added } = mergeSchema('t', EVENTS_SCHEMA, rows);
    expect(added.map((field) => [field.name, field.type, field.nullable])).toEqual([
      ['genre', 'string', true],
      ['plays', 'long', true],
      ['share', 'double', true],
      ['ratio', 'double', true],
      ['liked', 'boolean', true],
      ['at', 'timestamp', true],
    ]);
    expect(schema.fields.slice(0, 4)).toEqual(EVENTS_SCHEMA.fields);
    expect(mergeSchema('t', EVENTS_SCHEMA, [{ user_id: 'u', day: '2024-03-01' }])).toEqual({ schema: EVENTS_SCHEMA, added: [] });
  });

  it.each([
    [[{ extra: null }], /new column extra: every value is null/],
    [[{ extra: 'a' }, { extra: 1 }], /new column extra: values of mixed or unsupported kinds \(string, integer-number\)/],
    [[{ extra: { nested: true } }], /unsupported kinds \(other\)/],
    [[{ USER_ID: 'x' }], /column USER_ID differs only in case from the table column user_id/],
  ])('refuses what it cannot type %#', (rows, message) => {
    expect(() => mergeSchema('t', EVENTS_SCHEMA, rows)).toThrow(message);
  });

  it('types new columns from the Arrow schema when given', () => {
    const types = new Map([
      ['user_id', 'string' as const],
      ['score', 'float' as const],
      ['blob', undefined],
    ]);
    expect(mergeSchema('t', EVENTS_SCHEMA, [{ score: 1 }], new Map([['score', 'float' as const]])).added).toEqual([
      { name: 'score', type: 'float', nullable: true, metadata: {} },
    ]);
    expect(() => mergeSchema('t', EVENTS_SCHEMA, [], types)).toThrow(/new column blob: its Arrow type has no writable Delta type/);
  });
});

describe('DeltaTable.append with mergeSchema', () => {
  const setup = tableTestSetup('schema-evolution');

  it('refuses new columns without mergeSchema, naming the column and the option', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const error = await table.append([{ user_id: 'u', day: '2024-03-01', genre: 'pop' }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect((error as Error).message).toMatch(/row 0, column genre: not a column of the table \(pass mergeSchema: true to add new nullable columns\)/);
    expect((await table.refresh()).version).toBe(0);
  });

  it('adds the column in the same commit as the data; older rows read it as null', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    await table.append([{ user_id: 'old', day: '2024-03-01' }]);
    const result = await table.append([{ user_id: 'new', day: '2024-03-01', genre: 'jazz' }], { mergeSchema: true, txn: { appId: 'app', version: 1 } });
    expect(result).toMatchObject({ status: 'committed', version: 2, addedColumns: ['genre'] });
    const actions = await commitActions(setup.directory.path, 2);
    expect(actions.map((action) => Object.keys(action)[0])).toEqual(['commitInfo', 'txn', 'metaData', 'add']);
    const reopened = await DeltaTable.open(setup.store(), { duckdb: setup.duckdb });
    expect(reopened.snapshot().schema.fields.at(-1)).toEqual({ name: 'genre', type: 'string', nullable: true, metadata: {} });
    expect(reopened.snapshot().metadata.id).toBe(table.snapshot().metadata.id);
    const rows = await setup.duckdb.rows(`SELECT user_id, genre FROM (${(await reopened.scan()).sql}) ORDER BY user_id`);
    expect(rows).toEqual([
      { user_id: 'new', genre: 'jazz' },
      { user_id: 'old', genre: null },
    ]);
    expect((await reopened.snapshotAt({ version: 1 })).schema).toEqual(EVENTS_SCHEMA);
    // The evolved schema now applies to every writer: a row without the column is fine.
    expect(await reopened.append([{ user_id: 'later', day: '2024-03-02' }])).toMatchObject({ status: 'committed', addedColumns: [] });
  });

  it('evolves the schema on an overwrite too, in the same commit as the removes and adds', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    await table.append([{ user_id: 'a', day: '2024-03-01' }, { user_id: 'b', day: '2024-03-02' }]);
    const result = await table.overwrite([{ user_id: 'c', day: '2024-03-01', plays: 3 }], {
      mergeSchema: true,
      replaceWhere: [{ column: 'day', op: '=', value: '2024-03-01' }],
    });
    expect(result).toMatchObject({ status: 'committed', version: 2, addedColumns: ['plays'] });
    const actions = await commitActions(setup.directory.path, 2);
    expect(actions.map((action) => Object.keys(action)[0])).toEqual(['commitInfo', 'metaData', 'remove', 'add']);
    expect(await setup.duckdb.rows(`SELECT user_id, plays FROM (${(await table.scan()).sql}) ORDER BY user_id`)).toEqual([
      { user_id: 'b', plays: null },
      { user_id: 'c', plays: 3n },
    ]);
  });

  it('takes the types of new columns from an Arrow table', async () => {
    const table = await createEventsTable(setup.store(), setup.duckdb);
    const arrow = new Table({
      user_id: vectorFromArray(['a'], new Utf8()),
      day: vectorFromArray(['2024-03-01'], new Utf8()),
      rank: vectorFromArray([7], new Int32()),
      score: vectorFromArray([1.5], new Float64()),
    });
    expect(await table.append(arrow, { mergeSchema: true })).toMatchObject({ status: 'committed', addedColumns: ['rank', 'score'] });
    expect(table.snapshot().schema.fields.slice(-2).map((field) => field.type)).toEqual(['integer', 'double']);
    expect(await setup.duckdb.rows(`SELECT rank, score FROM (${(await table.scan()).sql})`)).toEqual([{ rank: 7, score: 1.5 }]);
  });
});
