import { formatAge, formatDay, formatInstant, formatMinute } from './date-format';

const units = { seconds: '{n} s', minutes: '{n} min', hours: '{n} h', days: '{n} d' };

describe('date formatting', () => {
  it('writes UTC days per locale, whatever the machine zone', () => {
    expect(formatDay('2026-12-06', 'fr-FR')).toBe('6 déc. 2026');
    expect(formatDay('2026-12-06', 'en-GB')).toBe('6 Dec 2026');
  });

  it('writes instants in UTC on a 24-hour clock', () => {
    expect(formatInstant('2026-12-06T15:04:59.000Z', 'en-GB')).toBe('6 Dec 2026, 15:04 UTC');
    expect(formatInstant('2026-12-06T15:04:59.000Z', 'fr-FR')).toBe('6 déc. 2026, 15:04 UTC');
    expect(formatMinute('2026-12-06T03:07:00.000Z', 'fr-FR')).toBe('03:07');
  });

  it('gives an age in its largest whole unit', () => {
    const age = (s: number) => formatAge(s, units, String);
    expect([age(-3), age(42.9), age(60), age(3599), age(7200), age(3 * 86_400 + 5)]).toEqual(['0 s', '42 s', '1 min', '59 min', '2 h', '3 d']);
  });
});
