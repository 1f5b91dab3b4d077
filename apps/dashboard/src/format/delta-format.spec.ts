import { describeDelta, type DeltaOptions } from './delta-format';

const count: DeltaOptions = { locale: 'en-GB', kind: 'count', higherIsBetter: true, pointsUnit: 'pts', newLabel: 'new' };
const rate: DeltaOptions = { ...count, kind: 'rate', higherIsBetter: false };

describe('describeDelta', () => {
  it('gives counts a relative change, good when it grows', () => {
    expect(describeDelta({ value: 25794, previous: 28121, delta: -2327, change_ratio: -0.08275 }, count)).toEqual({ text: '-8.3%', direction: 'down', favourable: false });
    expect(describeDelta({ value: 110, previous: 100, delta: 10, change_ratio: 0.1 }, count)).toEqual({ text: '+10.0%', direction: 'up', favourable: true });
  });

  it('gives rates a difference in points, and knows a rising skip rate is bad news', () => {
    expect(describeDelta({ value: 0.29, previous: 0.28, delta: 0.01, change_ratio: 0.0357 }, rate)).toEqual({ text: '+1.0\u00a0pts', direction: 'up', favourable: false });
  });

  it('says "new" after an empty period, and nothing without a previous value', () => {
    expect(describeDelta({ value: 12, previous: 0, delta: 12, change_ratio: null }, count)).toEqual({ text: 'new', direction: 'up', favourable: true });
    expect(describeDelta({ value: 0, previous: 0, delta: 0, change_ratio: null }, count)).toBeNull();
    expect(describeDelta({ value: 0.2, previous: null, delta: null, change_ratio: null }, rate)).toBeNull();
  });

  it('marks no change as flat, neither good nor bad, also when it rounds to nothing', () => {
    expect(describeDelta({ value: 5, previous: 5, delta: 0, change_ratio: 0 }, count)).toEqual({ text: '0.0%', direction: 'flat', favourable: null });
    expect(describeDelta({ value: 0.0110, previous: 0.0114, delta: -0.0004, change_ratio: -0.035 }, rate)).toEqual({ text: '0.0\u00a0pts', direction: 'flat', favourable: null });
    expect(describeDelta({ value: 100_040, previous: 100_000, delta: 40, change_ratio: 0.0004 }, count)).toEqual({ text: '0.0%', direction: 'flat', favourable: null });
    expect(describeDelta({ value: 100_060, previous: 100_000, delta: 60, change_ratio: 0.0006 }, count)).toEqual({ text: '+0.1%', direction: 'up', favourable: true });
  });
});
