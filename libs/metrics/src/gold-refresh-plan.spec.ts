import { addDays, daysBetween, parseCalendarDays } from './calendar-days';
import { planGoldRefresh } from './gold-refresh-plan';

const days = (from: string, count: number) => Array.from({ length: count }, (_, i) => addDays(from, i));

describe('planGoldRefresh', () => {
  const silverDays = days('2025-03-01', 40);

  it('recomputes every day of silver for a full rebuild', () => {
    const plan = planGoldRefresh({ changedDays: 'full', silverDays, tables: ['plays_per_hour', 'trending_artists_daily'] });
    expect(plan.map((step) => step.outputDays)).toEqual([silverDays, silverDays]);
    expect(plan.map((step) => step.inputDays)).toEqual([silverDays, silverDays]);
  });

  it('recomputes only the changed days of a same-day table, reading only them', () => {
    const [step] = planGoldRefresh({ changedDays: ['2025-03-20', '2025-03-05'], silverDays, tables: ['top_artists_daily'] });
    expect(step).toEqual({ table: 'top_artists_daily', outputDays: ['2025-03-05', '2025-03-20'], inputDays: ['2025-03-05', '2025-03-20'] });
  });

  it('recomputes the trending days whose windows hold a changed day, reading their windows from silver', () => {
    const [step] = planGoldRefresh({ changedDays: ['2025-03-05'], silverDays, tables: ['trending_artists_daily'], trending: { windowDays: 7 } });
    expect(step?.outputDays).toEqual(days('2025-03-05', 14));
    expect(step?.inputDays).toEqual(days('2025-03-01', 18));
  });

  it('skips days that silver does not have, except the changed ones', () => {
    const sparse = ['2025-03-01', '2025-03-04', '2025-03-30'];
    const [step] = planGoldRefresh({ changedDays: ['2025-03-02'], silverDays: sparse, tables: ['trending_artists_daily'], trending: { windowDays: 2 } });
    expect(step).toEqual({ table: 'trending_artists_daily', outputDays: ['2025-03-02', '2025-03-04'], inputDays: ['2025-03-01', '2025-03-02', '2025-03-04'] });
  });

  it('plans every gold table by default and refuses days that are not days', () => {
    expect(planGoldRefresh({ changedDays: [], silverDays })).toHaveLength(13);
    expect(() => planGoldRefresh({ changedDays: ['2025-3-5'], silverDays })).toThrow('changedDays: item 0 is "2025-3-5", expected a day written YYYY-MM-DD');
  });
});

describe('calendar days', () => {
  it('adds and counts days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2024-12-31', '2025-03-01')).toBe(60);
    expect(parseCalendarDays(['2025-01-02', '2025-01-01', '2025-01-02'], 'days')).toEqual(['2025-01-01', '2025-01-02']);
    expect(() => parseCalendarDays(['2025-02-29'], 'days')).toThrow('days: item 0 is "2025-02-29", expected a real calendar day');
  });
});
