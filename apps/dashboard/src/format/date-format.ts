/** Days and instants as the dashboard shows them. Always in UTC: gold days are UTC days. */

const DAY_MS = 86_400_000;

function utcFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
}

const dayInstant = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/** 6 déc. 2026 / 6 Dec 2026. */
export function formatDay(day: string, locale: string): string {
  return utcFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(dayInstant(day));
}

/** 6 déc. / 6 Dec (chart axes). */
export function formatDayShort(day: string, locale: string): string {
  return utcFormat(locale, { day: 'numeric', month: 'short' }).format(dayInstant(day));
}

/** 6 déc. 2026, 03:32 UTC. */
export function formatInstant(iso: string, locale: string): string {
  return `${utcFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(Date.parse(iso))} UTC`;
}

/** 03:32 (chart axes of the live tile). */
export function formatMinute(iso: string, locale: string): string {
  return `${utcFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso))}`;
}

export interface AgeUnits {
  seconds: string;
  minutes: string;
  hours: string;
  days: string;
}

/** An age in the largest whole unit: 42 s, 3 min, 5 h, 2 d (templates with {n}). */
export function formatAge(seconds: number, units: AgeUnits, format: (n: number) => string): string {
  const s = Math.max(0, Math.floor(seconds));
  const [n, template] = s < 60 ? [s, units.seconds] : s < 3600 ? [Math.floor(s / 60), units.minutes] : s * 1000 < DAY_MS ? [Math.floor(s / 3600), units.hours] : [Math.floor((s * 1000) / DAY_MS), units.days];
  return template.replace('{n}', format(n));
}
