import { createHash, timingSafeEqual } from 'node:crypto';

/** sha256 of an API key, hex: what configuration stores (never the key itself). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Checks presented keys against configured hashes in constant time per hash. Returns a short,
 * non-secret id of the matching key (for rate limiting and logs), or undefined.
 */
export class ApiKeyVerifier {
  private readonly hashes: Buffer[];

  constructor(hashes: readonly string[]) {
    const bad = hashes.filter((h) => !HEX_SHA256.test(h));
    if (bad.length > 0) throw new Error(`API key hashes must be 64 lower-case hex characters (sha256); got ${bad.length} that are not`);
    this.hashes = hashes.map((h) => Buffer.from(h, 'hex'));
  }

  verify(presented: string | undefined): string | undefined {
    if (!presented) return undefined;
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let match: Buffer | undefined;
    for (const hash of this.hashes) if (timingSafeEqual(hash, digest)) match = hash;
    return match === undefined ? undefined : `key-${match.toString('hex').slice(0, 12)}`;
  }
}

/** The key from `Authorization: Bearer …` or `X-API-Key: …`. */
export function presentedApiKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}
