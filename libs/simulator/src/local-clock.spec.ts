import { LocalClock } from './local-clock';

describe('LocalClock', () => {
  const clock = new LocalClock();

  it('follows daylight saving time in Paris and New York', () => {
    expect(clock.localHour('Europe/Paris', Date.UTC(2025, 0, 15, 19, 30))).toBe(20);
    expect(clock.localHour('Europe/Paris', Date.UTC(2025, 6, 15, 19, 30))).toBe(21);
    // Paris moves to summer time at 01:00 UTC on the last Sunday of March (2025-03-30).
    expect(clock.offsetMs('Europe/Paris', Date.UTC(2025, 2, 30, 0, 59))).toBe(3_600_000);
    expect(clock.offsetMs('Europe/Paris', Date.UTC(2025, 2, 30, 1, 0))).toBe(7_200_000);
    expect(clock.localHour('America/New_York', Date.UTC(2025, 0, 15, 1, 0))).toBe(20);
    expect(clock.localHour('America/New_York', Date.UTC(2025, 6, 15, 1, 0))).toBe(21);
  });

  it('handles half-hour offsets and the southern hemisphere', () => {
    expect(clock.offsetMs('Asia/Kolkata', Date.UTC(2025, 3, 1))).toBe(5.5 * 3_600_000);
    expect(clock.localHour('Australia/Sydney', Date.UTC(2025, 0, 15, 9, 0))).toBe(20);
    expect(clock.localHour('Australia/Sydney', Date.UTC(2025, 6, 15, 9, 0))).toBe(19);
  });

  it('gives the local weekday, Monday = 0', () => {
    // 2025-01-05 23:30 UTC is a Sunday in London and already Monday in Tokyo.
    expect(clock.localWeekday('Europe/London', Date.UTC(2025, 0, 5, 23, 30))).toBe(6);
    expect(clock.localWeekday('Asia/Tokyo', Date.UTC(2025, 0, 5, 23, 30))).toBe(0);
    expect(clock.localWeekday('America/Los_Angeles', Date.UTC(2025, 0, 6, 5, 0))).toBe(6);
  });

  it('names an unknown zone', () => {
    expect(() => clock.localHour('Mars/Olympus', 0)).toThrow('unknown time zone "Mars/Olympus"');
  });
});
