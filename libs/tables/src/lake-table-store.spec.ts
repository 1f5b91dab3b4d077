import { lakeTableProperties } from './lake-table-store';
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
