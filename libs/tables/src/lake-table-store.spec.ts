import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '@music/delta';
import { openObjectStore } from '@music/storage';
import { deltaSchemaOf, lakeTableProperties, openOrCreateTable } from './lake-table-store';
import { BRONZE_TABLE, QUARANTINE_TABLE } from './lake-tables';
import { SILVER_TABLE } from './silver-row';

const statsColumns = (definition: Parameters<typeof lakeTableProperties>[0]) => lakeTableProperties(definition)['delta.dataSkippingStatsColumns']?.split(',');

describe('lakeTableProperties', () => {
  it.each([BRONZE_TABLE, QUARANTINE_TABLE, SILVER_TABLE])('$name: statistics on every data column but the personal ones', (definition) => {
    const personal = new Set<string>(definition.personalColumns);
    const partitioned = new Set<string>(definition.partitionColumns);
    const expected = definition.columns.map((column) => column.name).filter((name) => !personal.has(name) && !partitioned.has(name));
    expect(statsColumns(definition)).toEqual(expected);
    expect(statsColumns(definition)).not.toContain('user_id');
    expect(expected.length).toBeGreaterThan(0);
  });

  it('puts the quarantined payload and issues, which may echo any personal field, among the personal columns', () => {
    expect(statsColumns(QUARANTINE_TABLE)).toEqual(expect.not.arrayContaining(['raw_payload', 'issues', 'error_summary']));
  });

  it('sets nothing without personal columns, and refuses a personal column the table lacks', () => {
    const columns = [{ name: 'day', type: 'date', nullable: false }, { name: 'plays', type: 'long', nullable: false }] as const;
    expect(lakeTableProperties({ name: 'gold', columns, partitionColumns: ['day'], description: '' })).toEqual({});
    expect(() => lakeTableProperties({ name: 'gold', columns, partitionColumns: ['day'], description: '', personalColumns: ['user_id'] })).toThrow(/user_id/);
  });
});

describe('openOrCreateTable', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lake-table-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const wanted = lakeTableProperties(BRONZE_TABLE);
  const store = () => openObjectStore(`file://${root}/bronze`);
  /** Bronze as a lake created before its definition asked for any property. */
  const createdBefore = async (properties: Record<string, string> = {}) => {
    const table = await DeltaTable.create(store(), { schema: deltaSchemaOf(BRONZE_TABLE.columns), partitionColumns: BRONZE_TABLE.partitionColumns, properties });
    await table.close();
  };

  it('creates a new table with every property in its first commit', async () => {
    const table = await openOrCreateTable(store(), BRONZE_TABLE);
    expect(table.snapshot().version).toBe(0);
    expect(table.snapshot().configuration).toEqual(wanted);
    expect(table.snapshot().configuration['delta.logRetentionDuration']).toBe('interval 7 days');
    await table.close();
  });

  it('gives an older table the properties it lacks, once, and leaves the ones an operator set', async () => {
    await createdBefore({ 'delta.logRetentionDuration': 'interval 2 days', owner: 'ops' });
    const table = await openOrCreateTable(store(), BRONZE_TABLE);
    expect(table.snapshot().version).toBe(1);
    expect(table.snapshot().configuration).toEqual({ ...wanted, 'delta.logRetentionDuration': 'interval 2 days', owner: 'ops' });
    const history = readFileSync(join(root, 'bronze', '_delta_log', `${'1'.padStart(20, '0')}.json`), 'utf8');
    expect(JSON.parse(history.split('\n')[0] as string)).toMatchObject({ commitInfo: { operation: 'SET TBLPROPERTIES' } });
    await table.close();
    const again = await openOrCreateTable(store(), BRONZE_TABLE);
    expect(again.snapshot().version).toBe(1);
    await again.close();
  });

  it('commits the upgrade once when several processes open the older table at the same time', async () => {
    await createdBefore();
    const tables = await Promise.all([1, 2, 3].map(() => openOrCreateTable(store(), BRONZE_TABLE)));
    const latest = await tables[0]?.refresh();
    expect(latest?.version).toBe(1);
    expect(latest?.configuration).toEqual(wanted);
    await Promise.all(tables.map((table) => table.close()));
  });
});
