import type { Platform } from '@music/events';
import { AliasTable } from './alias-table';
import type { Catalog } from './catalog';
import { APP_VERSIONS, DEVICE_MODELS, PLATFORM_WEIGHTS } from './device-models';
import type { SeededRandom } from './seeded-random';
import type { SimulationConfig } from './simulation-config';
import { COUNTRY_TIME_ZONES } from './world-countries';

export interface UserDevice {
  platform: Platform;
  device: string;
  appVersion: string;
}

export interface SimulatedUser {
  index: number;
  id: string;
  country: string;
  timezone: string;
  /** Main device first; sessions mostly start on it. */
  devices: readonly UserDevice[];
  /** Indexes into the catalogue's genres. */
  favouriteGenres: readonly number[];
  /** Relative activity (mean 1 over users): heavy listeners start more sessions. */
  activity: number;
  /**
   * Probability that a track this user starts is in a favourite genre: chosen from the favourites
   * (taste affinity) or by chance when chosen over the whole catalogue.
   */
  tasteMatchProbability: number;
}

/** Probability that a user has a 2nd and a 3rd device. */
const EXTRA_DEVICE_PROBABILITY = [0.45, 0.15] as const;
/** Distribution of the number of favourite genres: 1, 2 or 3. */
const FAVOURITE_COUNT_WEIGHTS = [0.4, 0.4, 0.2] as const;

/** Listeners: home country and a consistent time zone, devices, genre taste, activity level. */
export function buildPopulation(config: SimulationConfig, catalog: Catalog, random: SeededRandom, idTag: string): SimulatedUser[] {
  const countries = Object.keys(config.countryWeights).filter((c) => (config.countryWeights[c] as number) > 0);
  const countryTable = new AliasTable(countries.map((c) => config.countryWeights[c] as number));
  const zoneTables = new Map(
    countries.map((c) => {
      const zones = COUNTRY_TIME_ZONES[c] ?? [];
      return [c, { zones: zones.map(([zone]) => zone), table: new AliasTable(zones.map(([, w]) => w)) }] as const;
    }),
  );
  const platforms = Object.keys(PLATFORM_WEIGHTS) as Platform[];
  const platformTable = new AliasTable(platforms.map((p) => PLATFORM_WEIGHTS[p]));
  const versionTable = new AliasTable(APP_VERSIONS.map(([, w]) => w));
  const favouriteCountTable = new AliasTable(FAVOURITE_COUNT_WEIGHTS);
  // Fans are spread like listening: favourite genres are drawn by their share of plays.
  const genreTable = new AliasTable(catalog.genreShare);
  const { userActivitySigma: sigma, tasteAffinity } = config;

  const device = (platform: Platform): UserDevice => ({
    platform,
    device: random.pick(DEVICE_MODELS[platform]),
    appVersion: (APP_VERSIONS[versionTable.sample(random)] as readonly [string, number])[0],
  });

  const users: SimulatedUser[] = new Array(config.users);
  for (let i = 0; i < config.users; i++) {
    const country = countries[countryTable.sample(random)] as string;
    const zones = zoneTables.get(country) as { zones: string[]; table: AliasTable };
    const devices = [device(platforms[platformTable.sample(random)] as Platform)];
    for (const p of EXTRA_DEVICE_PROBABILITY) {
      if (!random.chance(p)) break;
      devices.push(device(platforms[platformTable.sample(random)] as Platform));
    }
    const wanted = Math.min(1 + favouriteCountTable.sample(random), catalog.genres.length);
    const favouriteGenres: number[] = [];
    for (let guard = 0; favouriteGenres.length < wanted && guard < 1000; guard++) {
      const g = genreTable.sample(random);
      if (!favouriteGenres.includes(g)) favouriteGenres.push(g);
    }
    const byChance = favouriteGenres.reduce((sum, g) => sum + (catalog.genreShare[g] as number), 0);
    users[i] = {
      index: i,
      id: `u-${idTag}-${i + 1}`,
      country,
      timezone: zones.zones[zones.table.sample(random)] as string,
      devices,
      favouriteGenres,
      activity: Math.exp(sigma * random.normal() - (sigma * sigma) / 2),
      tasteMatchProbability: tasteAffinity + (1 - tasteAffinity) * byChance,
    };
  }
  return users;
}
