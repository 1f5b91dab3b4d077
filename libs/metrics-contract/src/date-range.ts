/** Ranges of UTC days, inclusive at both ends, as YYYY-MM-DD (the gold tables' `day`). */

export const RANGE_PRESETS = ['today', '7d', '28d', 'this-month', '12m', 'all'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export interface DayRange {
  from: string;
  to: string;
}

/** The days a table holds, to resolve `all`. */
export interface DataDays {
  first: string;
  last: string;
}

const DAY_MS = 86_400_000;

function parseDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`expected a day as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  // setUTCFullYear, unlike Date.UTC, does not move years 0–99 to the 1900s.
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date;
}

function formatDay(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

export function utcDay(epochMs: number): string {
  return formatDay(new Date(epochMs));
}

export function addDays(day: string, days: number): string {
  return formatDay(new Date(parseDay(day).getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both counted: 1 for a single day. */
export function dayCount(range: DayRange): number {
  return Math.round((parseDay(range.to).getTime() - parseDay(range.from).getTime()) / DAY_MS) + 1;
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  return Array.from({ length: dayCount(range) }, (_, i) => addDays(range.from, i));
}

function sameDayMonthsBefore(day: string, months: number): string {
  const date = parseDay(day);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() - months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDayOfMonth = new Date(0);
  lastDayOfMonth.setUTCFullYear(year, month + 1, 0);
  const target = new Date(0);
  target.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDayOfMonth.getUTCDate()));
  return formatDay(target);
}

/**
 * A preset ending today: `7d` and `28d` are the last 7 / 28 days including today, `this-month`
 * starts on the 1st, `12m` starts the day after the same date a year ago, `all` spans the days
 * the table holds (up to today at least), or today alone when it holds none.
 */
export function presetRange(preset: RangePreset, today: string, dataDays?: DataDays): DayRange {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '28d':
      return { from: addDays(today, -27), to: today };
    case 'this-month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case '12m':
      return { from: addDays(sameDayMonthsBefore(today, 12), 1), to: today };
    case 'all':
      if (!dataDays) return { from: today, to: today };
      return { from: dataDays.first < today ? dataDays.first : today, to: dataDays.last > today ? dataDays.last : today };
  }
}

/** `today` when `range` includes it (a day not over yet), else null. */
export function todayWithin(range: DayRange, today: string): string | null {
  return range.from <= today && today <= range.to ? today : null;
}

/** Epoch ms of the start of minute `minuteOfDay` (0–1439, or 1440 for the next midnight) of a UTC day. */
export function minuteStart(day: string, minuteOfDay: number): number {
  return parseDay(day).getTime() + minuteOfDay * 60_000;
}

/** The period of the same length that ends the day before `range` starts. */
export function previousRange(range: DayRange): DayRange {
  const length = dayCount(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}
