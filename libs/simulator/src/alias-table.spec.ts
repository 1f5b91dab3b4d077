import { AliasTable } from './alias-table';
import { SeededRandom } from './seeded-random';

describe('AliasTable', () => {
  it('draws each index in proportion to its weight', () => {
    const weights = [5, 0, 1, 3, 1];
    const table = new AliasTable(weights);
    const random = new SeededRandom('alias');
    const counts = new Array<number>(weights.length).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const k = table.sample(random);
      counts[k] = (counts[k] as number) + 1;
    }
    weights.forEach((w, i) => expect((counts[i] as number) / n).toBeCloseTo(w / 10, 2));
    expect(counts[1]).toBe(0);
  });

  it('rejects empty, negative, infinite or all-zero weights', () => {
    expect(() => new AliasTable([])).toThrow('at least one weight');
    expect(() => new AliasTable([1, -1])).toThrow('weight #1 must be a finite number >= 0, got -1');
    expect(() => new AliasTable([Infinity])).toThrow('weight #0');
    expect(() => new AliasTable([0, 0])).toThrow('at least one weight must be > 0');
  });
});
