/** Numbers as the dashboard shows them, per Intl locale tag (fr-FR, en-GB). No dependency: client charts use it too. */

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** Shown where a value does not exist (a rate without a denominator). */
export const NO_VALUE = '—';

export function formatInteger(value: number, locale: string): string {
  return formatter(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Decimals for averages (listeners per day): one below 100, none above. */
export function formatAverage(value: number, locale: string): string {
  return formatter(locale, { maximumFractionDigits: Math.abs(value) < 100 ? 1 : 0 }).format(value);
}

/** A ratio (0.123) as a percentage (12.3 %); null is NO_VALUE. */
export function formatPercent(ratio: number | null, locale: string, fractionDigits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return NO_VALUE;
  return formatter(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(ratio);
}

/** Short axis labels: 12 k, 1,2 M. */
export function formatCompact(value: number, locale: string): string {
  return formatter(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A signed change: +12.3 % for a ratio of change, +1.2 pts for a difference of rates (given in ratio units). */
export function formatSignedPercent(ratio: number, locale: string): string {
  return formatter(locale, { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

export function formatSignedPoints(difference: number, locale: string, unit: string): string {
  return `${formatter(locale, { signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(difference * 100)}\u00a0${unit}`;
}
