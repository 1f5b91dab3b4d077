import { addDays, dayCount, daysOf, minuteStart, presetRange, previousRange, todayWithin, utcDay } from './date-range';

describe('date ranges', () => {
  const today = '2026-11-24';

  it.each([
    ['today', { from: '2026-11-24', to: '2026-11-24' }],
    ['7d', { from: '2026-11-18', to: '2026-11-24' }],
    ['28d', { from: '2026-10-28', to: '2026-11-24' }],
    ['this-month', { from: '2026-11-01', to: '2026-11-24' }],
    ['12m', { from: '2025-11-25', to: '2026-11-24' }],
  ] as const)('resolves %s ending today', (preset, range) => {
    expect(presetRange(preset, today)).toEqual(range);
  });

  it('resolves all to the days the table holds, never ending before today', () => {
    expect(presetRange('all', today, { first: '2026-11-04', last: '2026-11-20' })).toEqual({ from: '2026-11-04', to: '2026-11-24' });
    expect(presetRange('all', today, { first: '2026-11-04', last: '2026-11-30' })).toEqual({ from: '2026-11-04', to: '2026-11-30' });
    expect(presetRange('all', today)).toEqual({ from: today, to: today });
  });

  it('counts 7d as 7 days and its previous period as the 7 days before', () => {
    const range = presetRange('7d', today);
    expect(dayCount(range)).toBe(7);
    expect(previousRange(range)).toEqual({ from: '2026-11-11', to: '2026-11-17' });
    expect(previousRange({ from: today, to: today })).toEqual({ from: '2026-11-23', to: '2026-11-23' });
  });

  it('crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(presetRange('12m', '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(presetRange('this-month', '2026-02-01')).toEqual({ from: '2026-02-01', to: '2026-02-01' });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });

  it('keeps years below 100 where they are (unlike Date.UTC)', () => {
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('lists every day of a range and formats UTC days', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(utcDay(Date.parse('2026-11-24T23:59:59.999Z'))).toBe('2026-11-24');
    expect(utcDay(Date.parse('2026-11-24T23:30:00-01:00'))).toBe('2026-11-25');
  });

  it('tells whether a range holds today, and where a minute of a day starts', () => {
    expect(todayWithin({ from: '2026-11-18', to: '2026-11-24' }, '2026-11-24')).toBe('2026-11-24');
    expect(todayWithin({ from: '2026-11-24', to: '2026-11-26' }, '2026-11-24')).toBe('2026-11-24');
    expect(todayWithin({ from: '2026-11-18', to: '2026-11-23' }, '2026-11-24')).toBeNull();
    expect(new Date(minuteStart('2026-11-24', 0)).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(new Date(minuteStart('2026-11-24', 20 * 60 + 31)).toISOString()).toBe('2026-11-24T20:31:00.000Z');
    expect(new Date(minuteStart('2026-11-24', 1440)).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});
