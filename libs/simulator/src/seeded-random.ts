const TWO_POW_32 = 4294967296;

/** 32-bit avalanche of a string (murmur3's finaliser over an FNV-1a pass); seeds the generators. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A small, fast, seedable PRNG (SFC32, period ≈ 2^128). Every random choice of the simulator
 * goes through one of these so that a seed fully determines the output; `fork(label)` gives an
 * independent stream per concern (catalog, users, behaviour…), so changing the number of users
 * does not reshuffle the catalog.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: string;

  constructor(seed: string | number) {
    this.seed = String(seed);
    this.a = hashString(this.seed, 1);
    this.b = hashString(this.seed, 2);
    this.c = hashString(this.seed, 3);
    this.d = hashString(this.seed, 4) | 1;
    // The first outputs of SFC32 are correlated with the seed words; discard them.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent generator for one concern, determined by this generator's seed and the label. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.seed}/${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [0, 1) with 53 bits of resolution, for comparisons against tiny probabilities. */
  nextDouble(): number {
    return (this.nextUint32() * 2097152 + (this.nextUint32() >>> 11)) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** True with the given probability (32-bit resolution: probabilities below 2^-32 count as 0). */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.nextDouble();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape (σ of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential waiting time for events happening at `rate` per unit of time. */
  exponential(rate: number): number {
    return -Math.log(1 - this.nextDouble()) / rate;
  }

  /** Poisson-distributed count with the given mean (exact below 30, normal approximation above). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let product = this.nextDouble(); product > limit; product *= this.nextDouble()) k++;
    return k;
  }

  /** Number of trials up to and including the first success, with the given mean (≥ 1). */
  geometric(mean: number): number {
    if (mean <= 1) return 1;
    const p = 1 / mean;
    return 1 + Math.floor(Math.log(1 - this.nextDouble()) / Math.log(1 - p));
  }
}
