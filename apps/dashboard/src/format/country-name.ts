/** A country's name in the page's language (FR → France / France, DE → Allemagne / Germany); the code when Intl does not know it. */
export function countryName(code: string, intl: string): string {
  try {
    return new Intl.DisplayNames([intl], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
