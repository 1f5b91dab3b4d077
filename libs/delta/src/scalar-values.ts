/**
 * Typed values of primitive Delta columns, as this library hands them out (partition values,
 * statistics) and accepts them. One representation per Delta type, exact and comparable:
 *
 * | Delta type                 | JS value                                   |
 * |----------------------------|--------------------------------------------|
 * | string                     | string                                     |
 * | byte, short, integer       | number                                     |
 * | long                       | bigint                                     |
 * | float, double              | number                                     |
 * | decimal(p,s)               | string, the decimal text (exact)           |
 * | boolean                    | boolean                                    |
 * | binary                     | Uint8Array                                 |
 * | date                       | number: days since 1970-01-01              |
 * | timestamp, timestamp_ntz   | bigint: microseconds since 1970-01-01 UTC  |
 */
export type DeltaScalar = string | number | bigint | boolean | Uint8Array | null;

const MICROS_PER_DAY = 86_400_000_000n;

/** Days since 1970-01-01 of a proleptic Gregorian date (valid for every year, unlike Date.UTC). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day };
}

const DATE_TEXT = /^([+-]?\d{4,})-(\d{2})-(\d{2})$/;
const TIMESTAMP_TEXT =
  /^([+-]?\d{4,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function validCivil(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  return back.year === year && back.month === month && back.day === day ? days : undefined;
}

/** `YYYY-MM-DD` → days since epoch; undefined when not a valid date. */
export function parseDateText(text: string): number | undefined {
  const match = DATE_TEXT.exec(text.trim());
  if (!match) return undefined;
  return validCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${yearText}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A timestamp text → microseconds since epoch. Accepts `YYYY-MM-DD HH:MM:SS[.ffffff]` and ISO 8601
 * (`T` separator, `Z` or `±HH:MM` offset). Text without a zone is read as UTC (as delta-rs and
 * delta-kernel-rs do). Digits beyond microseconds are truncated.
 */
export function parseTimestampText(text: string): bigint | undefined {
  const match = TIMESTAMP_TEXT.exec(text.trim());
  if (!match) return undefined;
  const days = validCivil(Number(match[1]), Number(match[2]), Number(match[3]));
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  const seconds = Number(match[6] ?? '0');
  if (days === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const fraction = BigInt((match[7] ?? '').padEnd(6, '0').slice(0, 6));
  let offsetMinutes = 0;
  const zone = match[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  const secondsOfDay = hours * 3600 + minutes * 60 + seconds - offsetMinutes * 60;
  return BigInt(days) * MICROS_PER_DAY + BigInt(secondsOfDay) * 1_000_000n + fraction;
}

/** Microseconds since epoch → `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, ISO 8601). */
export function formatTimestamp(micros: bigint): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const seconds = Number(rest / 1_000_000n);
  const fraction = String(rest % 1_000_000n).padStart(6, '0');
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${formatDate(Number(days))}T${hh}:${mm}:${ss}.${fraction}Z`;
}

/** Milliseconds-precision ISO text, as Spark writes timestamps in statistics. */
export function formatTimestampMillis(micros: bigint): string {
  const full = formatTimestamp(micros);
  return `${full.slice(0, full.length - 4)}Z`;
}
