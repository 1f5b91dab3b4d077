import { compare, median } from './bench-report';

describe('bench report', () => {
  it('takes medians of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('computes the ratio so that above 1 means we win, both directions', () => {
    const throughput = compare({ metric: 'rows/s', unit: 'rows/s', higherIsBetter: true, ours: [200, 100, 300], reference: { name: 'ref', runs: [100] }, ratioTarget: 1 });
    expect(throughput).toMatchObject({ ours: 200, reference: 100, ratio: 2, met: true, target: 'ratio >= 1' });
    const latency = compare({ metric: 'open', unit: 'ms', higherIsBetter: false, ours: [50], reference: { name: 'ref', runs: [25] }, ratioTarget: 1 });
    expect(latency).toMatchObject({ ratio: 0.5, met: false });
  });

  it('checks absolute targets on the median', () => {
    expect(compare({ metric: 'open', unit: 'ms', higherIsBetter: false, ours: [900, 1200, 950], absoluteTarget: 1000 })).toMatchObject({ ours: 950, met: true, target: '<= 1000 ms' });
    expect(compare({ metric: 'x', unit: 'events/s', higherIsBetter: true, ours: [10], absoluteTarget: 11 }).met).toBe(false);
  });
});
