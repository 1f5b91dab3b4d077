import { formatAverage, formatCompact, formatInteger, formatPercent, formatSignedPercent, formatSignedPoints, NO_VALUE } from './number-format';

// French groups digits with a narrow no-break space (U+202F) and puts a no-break space before % and k.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('number formatting per locale', () => {
  it('groups digits the French and the English way', () => {
    expect(formatInteger(1234567, 'fr-FR')).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(formatInteger(1234567, 'en-GB')).toBe('1,234,567');
    expect(formatInteger(12.6, 'en-GB')).toBe('13');
  });

  it('keeps one decimal for small averages only', () => {
    expect(formatAverage(182.714, 'en-GB')).toBe('183');
    expect(formatAverage(18.26, 'fr-FR')).toBe('18,3');
  });

  it('writes ratios as percentages, and nothing for a missing rate', () => {
    expect(formatPercent(0.2837, 'fr-FR')).toBe(`28,4${NBSP}%`);
    expect(formatPercent(0.2837, 'en-GB')).toBe('28.4%');
    expect(formatPercent(null, 'en-GB')).toBe(NO_VALUE);
    expect(formatPercent(Number.NaN, 'en-GB')).toBe(NO_VALUE);
  });

  it('signs changes, in percent or in points', () => {
    expect(formatSignedPercent(0.0421, 'en-GB')).toBe('+4.2%');
    expect(formatSignedPercent(-0.0827, 'fr-FR')).toBe(`-8,3${NBSP}%`);
    expect(formatSignedPercent(0, 'en-GB')).toBe('0.0%');
    expect(formatSignedPoints(-0.0143, 'en-GB', 'pts')).toBe('-1.4\u00a0pts');
    expect(formatSignedPoints(0.012, 'fr-FR', 'pt')).toBe('+1,2\u00a0pt');
  });

  it('abbreviates axis labels', () => {
    expect(formatCompact(25794, 'en-GB')).toBe('25.8k');
    expect(formatCompact(25794, 'fr-FR')).toBe(`25,8${NBSP}k`);
  });
});
