import { civilFromDays, daysFromCivil, formatDate, formatTimestamp, formatTimestampMillis, parseDateText, parseTimestampText } from './scalar-values';

describe('dates', () => {
  it('counts days from 1970-01-01 for every year, leap years included', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    for (const days of [-719_162, -1, 0, 59, 11_016, 2_932_896]) {
      const { year, month, day } = civilFromDays(days);
      expect(daysFromCivil(year, month, day)).toBe(days);
    }
    expect(formatDate(-719_162)).toBe('0001-01-01');
    expect(formatDate(2_932_896)).toBe('9999-12-31');
  });

  it('parses only valid YYYY-MM-DD dates', () => {
    expect(parseDateText('2024-02-29')).toBe(19_782);
    expect(parseDateText('2023-02-29')).toBeUndefined();
    expect(parseDateText('2024-1-01')).toBeUndefined();
  });
});

describe('timestamps', () => {
  it('parses the partition and ISO forms to exact microseconds, zone-less as UTC', () => {
    expect(parseTimestampText('1970-01-01 00:00:00')).toBe(0n);
    expect(parseTimestampText('1970-01-01 00:00:00.123456')).toBe(123_456n);
    expect(parseTimestampText('1970-01-01T00:00:00.123456Z')).toBe(123_456n);
    expect(parseTimestampText('1971-07-22T03:06:40.000000Z')).toBe(49_000_000_000_000n);
    expect(parseTimestampText('2000-01-01T00:00:00.000-08:00')).toBe(946_713_600_000_000n);
    expect(parseTimestampText('2000-01-01T00:00:00+0530')).toBe(946_665_000_000_000n);
    expect(parseTimestampText('2022-10-24 22:59:36.177')).toBe(1_666_652_376_177_000n);
    expect(parseTimestampText('2024-13-01 00:00:00')).toBeUndefined();
    expect(parseTimestampText('yesterday')).toBeUndefined();
  });

  it('formats UTC ISO text, before 1970 too', () => {
    expect(formatTimestamp(1_709_287_200_123_456n)).toBe('2024-03-01T10:00:00.123456Z');
    expect(formatTimestamp(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatTimestampMillis(1_709_287_200_123_456n)).toBe('2024-03-01T10:00:00.123Z');
    expect(parseTimestampText(formatTimestamp(-62_135_596_800_000_000n))).toBe(-62_135_596_800_000_000n);
  });
});
