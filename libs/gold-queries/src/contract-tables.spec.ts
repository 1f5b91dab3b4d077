import { FILTER_DIMENSIONS, GOLD_TABLE_DIMENSIONS, HOUR_BUCKET_NAMES } from '@music/metrics-contract';
import { GOLD_TABLES, HOUR_BUCKETS } from '@music/tables';

// The contract restates what it needs of the table definitions (to stay free of storage code);
// these are the two places that must agree.
describe('the metrics contract against the gold table definitions', () => {
  it.each(Object.entries(GOLD_TABLE_DIMENSIONS))('gives %s the filter dimensions it has as columns', (name, dimensions) => {
    const table = GOLD_TABLES.find((t) => t.name === name);
    expect(table).toBeDefined();
    const columns = (table?.columns ?? []).map((c) => c.name).filter((c) => (FILTER_DIMENSIONS as readonly string[]).includes(c));
    expect([...dimensions].sort()).toEqual(columns.sort());
  });

  it('names the hour buckets of silver and gold, in order', () => {
    expect(HOUR_BUCKET_NAMES).toEqual(HOUR_BUCKETS.map((bucket) => bucket.name));
  });
});
