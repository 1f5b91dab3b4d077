export { ListeningSimulator } from './listening-simulator';
export {
  DEFAULT_GENRES,
  resolveSimulationConfig,
  simulationConfigSchema,
  type SimulationConfig,
  type SimulationConfigInput,
} from './simulation-config';
export { Catalog, type CatalogArtist, type CatalogTrack } from './catalog';
export type { SimulatedUser, UserDevice } from './population';
export type { TrendingBurst } from './trending-bursts';
export { COUNTRY_TIME_ZONES, DEFAULT_COUNTRY_WEIGHTS } from './world-countries';
export { DEFAULT_HOURLY_PROFILE, DEFAULT_WEEKDAY_PROFILE } from './activity-cycle';
export { LocalClock } from './local-clock';
export { SeededRandom, hashString } from './seeded-random';
export { uuidV7 } from './uuid-v7';
export { zipfTopShare, zipfWeights } from './zipf';
