import { SeededRandom } from './seeded-random';
import { UtcTimestampFormatter } from './utc-timestamp';

describe('UtcTimestampFormatter', () => {
  it('writes what Date#toISOString writes, across days, months, leap days and years', () => {
    const formatter = new UtcTimestampFormatter();
    const random = new SeededRandom('ts');
    let ms = Date.UTC(2023, 11, 31, 23, 59, 59, 990);
    for (let i = 0; i < 50_000; i++) {
      expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
      ms += random.int(i % 100 === 0 ? 40 * 86_400_000 : 5_000);
    }
    for (const instant of [Date.UTC(2024, 1, 29, 0, 0, 0, 0), Date.UTC(2000, 0, 1), Date.UTC(2024, 1, 28, 23, 59, 59, 999), Date.UTC(2025, 0, 1)]) {
      expect(formatter.format(instant)).toBe(new Date(instant).toISOString());
    }
  });

  it('writes the same characters into a buffer, for 4-digit years and beyond', () => {
    const formatter = new UtcTimestampFormatter();
    const random = new SeededRandom('bytes');
    const target = Buffer.alloc(64);
    let ms = Date.UTC(1999, 11, 31, 23, 59, 59, 990);
    const instants: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      instants.push(ms);
      ms += random.int(i % 100 === 0 ? 40 * 86_400_000 : 5_000);
    }
    instants.push(Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10_000, 0, 1, 0, 0, 0, 1), Date.UTC(999, 11, 31, 12), Date.UTC(2000, 0, 1));
    for (const instant of instants) {
      const end = formatter.write(target, 3, instant);
      expect(target.toString('latin1', 3, end)).toBe(new Date(instant).toISOString());
      expect(formatter.format(instant)).toBe(new Date(instant).toISOString());
    }
  });

  it('also handles instants that go back in time', () => {
    const formatter = new UtcTimestampFormatter();
    const later = Date.UTC(2025, 5, 2, 10);
    const earlier = Date.UTC(2025, 5, 1, 23, 59, 59, 1);
    expect(formatter.format(later)).toBe('2025-06-02T10:00:00.000Z');
    expect(formatter.format(earlier)).toBe('2025-06-01T23:59:59.001Z');
  });
});
