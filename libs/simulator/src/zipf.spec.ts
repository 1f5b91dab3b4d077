import { zipfTopShare, zipfWeights } from './zipf';

describe('zipf', () => {
  it('weighs rank k by 1 / k^s', () => {
    expect(Array.from(zipfWeights(4, 1))).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
    expect(Array.from(zipfWeights(3, 0))).toEqual([1, 1, 1]);
    expect(zipfWeights(3, 2)[2]).toBeCloseTo(1 / 9, 12);
  });

  it('gives the share of the head: H(10) / H(2000) for s = 1', () => {
    const harmonic = (n: number) => Array.from({ length: n }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
    expect(zipfTopShare(10, 2_000, 1)).toBeCloseTo(harmonic(10) / harmonic(2_000), 12);
    expect(zipfTopShare(5, 5, 1.3)).toBe(1);
    expect(zipfTopShare(10, 100, 0)).toBeCloseTo(0.1, 12);
  });
});
