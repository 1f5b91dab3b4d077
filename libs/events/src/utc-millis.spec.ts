import { utcMillis } from './utc-millis';
import { seededRandom } from './test-helpers/fuzz-payloads';

describe('utcMillis', () => {
  it('agrees with Date.parse on 20,000 random instants from 1000 to 9999', () => {
    const random = seededRandom(3);
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(Date.UTC(1000, 0, 1) + random() * (Date.UTC(9999, 11, 31, 23, 59, 59, 999) - Date.UTC(1000, 0, 1)));
      const text = new Date(ms).toISOString();
      if (utcMillis(text) !== ms) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses what is not a real instant', () => {
    for (const text of ['2023-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2025-04-31T00:00:00.000Z', '2025-13-01T00:00:00.000Z', '2025-00-10T00:00:00.000Z', '2025-06-01T24:00:00.000Z', '2025-06-01T12:60:00.000Z', '2025-06-01T12:00:60.000Z', '2025-06-01T12:00:00.000+', '2025-06-01 12:00:00.000Z', '+02025-06-01T12:00:00.000Z']) {
      expect({ text, ms: utcMillis(text) }).toEqual({ text, ms: NaN });
    }
    expect(utcMillis('2000-02-29T00:00:00.000Z')).toBe(Date.parse('2000-02-29T00:00:00.000Z'));
  });
});
