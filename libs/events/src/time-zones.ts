const known = new Set<string>(Intl.supportedValuesOf('timeZone'));
// Intl lists canonical names only; UTC is valid but not always listed.
known.add('UTC');
known.add('Etc/UTC');

const checked = new Map<string, boolean>();

/** True for an IANA zone name this runtime knows (including aliases such as Asia/Calcutta). */
export function isIanaTimeZone(name: string): boolean {
  if (known.has(name)) return true;
  const cached = checked.get(name);
  if (cached !== undefined) return cached;
  let valid = false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    valid = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    valid = false;
  }
  if (checked.size < 10_000) checked.set(name, valid);
  return valid;
}
