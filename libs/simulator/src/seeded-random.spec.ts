import { SeededRandom } from './seeded-random';

const draws = (random: SeededRandom, n: number, draw: (r: SeededRandom) => number): number[] => Array.from({ length: n }, () => draw(random));
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    expect(draws(new SeededRandom('a'), 50, (r) => r.nextUint32())).toEqual(draws(new SeededRandom('a'), 50, (r) => r.nextUint32()));
    expect(draws(new SeededRandom('a'), 50, (r) => r.nextUint32())).not.toEqual(draws(new SeededRandom('b'), 50, (r) => r.nextUint32()));
    expect(new SeededRandom(42).next()).toBe(new SeededRandom('42').next());
  });

  it('forks independent, reproducible streams by label', () => {
    const root = new SeededRandom('seed');
    expect(root.fork('x').nextUint32()).toBe(new SeededRandom('seed').fork('x').nextUint32());
    expect(root.fork('x').nextUint32()).not.toBe(root.fork('y').nextUint32());
  });

  it('draws uniform values in [0, 1) and integers in [0, n)', () => {
    const values = draws(new SeededRandom('u'), 100_000, (r) => r.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    const counts = new Array<number>(10).fill(0);
    for (const v of draws(new SeededRandom('i'), 100_000, (r) => r.int(10))) counts[v] = (counts[v] as number) + 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('has the documented means and medians for its distributions', () => {
    const random = new SeededRandom('d');
    expect(mean(draws(random, 100_000, (r) => r.exponential(0.5)))).toBeCloseTo(2, 1);
    expect(median(draws(random, 100_000, (r) => r.logNormal(210, 0.3))) / 210).toBeCloseTo(1, 1);
    expect(mean(draws(random, 100_000, (r) => r.geometric(12)))).toBeCloseTo(12, 0);
    expect(Math.min(...draws(random, 10_000, (r) => r.geometric(3)))).toBe(1);
    const normals = draws(random, 100_000, (r) => r.normal());
    expect(mean(normals)).toBeCloseTo(0, 1);
    expect(mean(normals.map((x) => x * x))).toBeCloseTo(1, 1);
    expect(draws(random, 1000, (r) => (r.chance(0.3) ? 1 : 0)).reduce((a, b) => a + b, 0)).toBeGreaterThan(240);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new SeededRandom(1).pick([])).toThrow('empty list');
  });
});
