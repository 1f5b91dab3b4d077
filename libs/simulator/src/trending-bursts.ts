import type { Catalog, CatalogTrack } from './catalog';
import type { SeededRandom } from './seeded-random';
import type { SimulationConfig } from './simulation-config';

const DAY_MS = 86_400_000;
/** Bursts hit artists outside the very top (the top is popular already) but known enough to trend. */
const FIRST_TRENDING_RANK = 11;
const LAST_TRENDING_RANK = 500;

export interface TrendingBurst {
  artistIndex: number;
  startMs: number;
  endMs: number;
}

/**
 * Occasional trends: bursts start as a Poisson process; while one lasts, a share of all track
 * choices goes to its artist (a viral video, a new single).
 */
export class TrendingBursts {
  private readonly rate: number;
  private nextStartMs: number;
  private active: TrendingBurst[] = [];
  /** Every burst started so far, in start order. */
  readonly history: TrendingBurst[] = [];

  constructor(
    private readonly config: SimulationConfig['trending'],
    private readonly catalog: Catalog,
    /** Its own stream, so the schedule of bursts does not depend on how many events are drawn. */
    private readonly schedule: SeededRandom,
    startMs: number,
  ) {
    this.rate = config.burstsPerDay / DAY_MS;
    this.nextStartMs = this.rate > 0 && config.pickShare > 0 ? startMs + schedule.exponential(this.rate) : Infinity;
  }

  /** A track of a trending artist, or undefined when no trend captures this choice. */
  pick(atMs: number, random: SeededRandom): CatalogTrack | undefined {
    while (this.nextStartMs <= atMs) this.startBurst();
    if (this.active.length === 0) return undefined;
    if (this.active.some((b) => b.endMs <= atMs)) this.active = this.active.filter((b) => b.endMs > atMs);
    if (this.active.length === 0 || !random.chance(this.config.pickShare)) return undefined;
    const burst = random.pick(this.active);
    return this.catalog.pickTrackOfArtist(burst.artistIndex, random);
  }

  private startBurst(): void {
    const artists = this.catalog.artists.length;
    const first = Math.min(FIRST_TRENDING_RANK, artists) - 1;
    const last = Math.min(LAST_TRENDING_RANK, artists);
    const startMs = this.nextStartMs;
    const burst = {
      artistIndex: first + this.schedule.int(last - first),
      startMs,
      endMs: startMs + this.schedule.logNormal(this.config.medianDurationMs, 0.5),
    };
    this.active.push(burst);
    this.history.push(burst);
    this.nextStartMs = startMs + this.schedule.exponential(this.rate);
  }
}
