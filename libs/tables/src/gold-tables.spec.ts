import { GOLD_TABLES, GOLD_TABLE_NAMES, goldTable } from './gold-tables';
import { HOUR_BUCKETS, SILVER_COLUMNS, SILVER_PARTITION_COLUMNS } from './silver-row';

describe('GOLD_TABLES', () => {
  it('names every table once, in snake case', () => {
    expect(new Set(GOLD_TABLE_NAMES).size).toBe(GOLD_TABLES.length);
    for (const name of GOLD_TABLE_NAMES) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(GOLD_TABLES.map((table) => [table.name, table] as const))('%s: columns are unique, the grain is non-null, partitioned by a leading day date', (_name, table) => {
    const names = table.columns.map((column) => column.name);
    expect(new Set(names).size).toBe(names.length);
    for (const key of table.grain) expect(table.columns.find((column) => column.name === key)).toMatchObject({ nullable: false });
    expect(table.partitionColumns).toEqual(['day']);
    expect(table.path).toEqual(['gold', table.name]);
    expect(table.columns[0]).toMatchObject({ name: 'day', type: 'date', nullable: false });
    for (const column of table.columns) expect(column.description.length).toBeGreaterThan(0);
  });

  it('finds a table by name and names the known ones when asked for another', () => {
    expect(goldTable('top_artists_daily').grain).toEqual(['day', 'artist_id']);
    expect(() => goldTable('nope' as 'top_artists_daily')).toThrow(/Unknown gold table "nope".*top_artists_daily/);
  });
});

describe('SILVER_COLUMNS', () => {
  it('has unique columns and its partition column', () => {
    const names: string[] = SILVER_COLUMNS.map((column) => column.name);
    expect(new Set(names).size).toBe(names.length);
    for (const partition of SILVER_PARTITION_COLUMNS) expect(names).toContain(partition);
  });

  it('splits the 24 local hours into contiguous buckets', () => {
    const hours = HOUR_BUCKETS.flatMap((bucket) => Array.from({ length: bucket.toHour - bucket.fromHour + 1 }, (_, i) => bucket.fromHour + i));
    expect(hours).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });
});
