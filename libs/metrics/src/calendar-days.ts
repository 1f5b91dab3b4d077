import { z } from 'zod';

const DAY_MS = 86_400_000;

/** A calendar day written YYYY-MM-DD that exists (not 2025-02-30). */
export const calendarDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day written YYYY-MM-DD')
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00.000Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
  }, 'a real calendar day');

/** The days, validated, without duplicates, in order; `what` names them in the error. */
export function parseCalendarDays(days: readonly unknown[], what: string): string[] {
  const parsed = z.array(calendarDaySchema).safeParse(days);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const index = issue?.path[0];
    const value = typeof index === 'number' ? days[index] : undefined;
    throw new Error(`${what}: item ${String(index)} is ${JSON.stringify(value)}, expected ${issue?.message ?? 'a day'}`);
  }
  return [...new Set(parsed.data)].sort();
}

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}
