import { addDays, METRICS_ENDPOINTS, type MetricsEndpointName } from '@music/metrics-contract';

/** The query strings the API benchmark sends to each read endpoint. */

/** The dashboard's default window: the last 28 days of data. */
export const WINDOW_DAYS = 28;
/** Distinct uncached query strings at least, per endpoint, before one comes back. */
export const MIN_DISTINCT = 1000;

export interface EndpointLoad {
  name: MetricsEndpointName;
  path: string;
  /** The fixed query string of the cached measurement. */
  cached: string;
  /** The i-th query string of the uncached measurement; undefined when the endpoint takes none. */
  uncached?: (i: number) => string;
}

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00.000Z`) / 86_400_000);

/**
 * Every read endpoint but /v1/live (its answer is about the last minutes of the wall clock, not
 * the lake's days). Uncached ranges all cover the cached window: `from` moves back over days with
 * data, `to` forward past the last day (so an uncached string never equals the cached one),
 * `limit` varies where the endpoint has one. A string comes back only after at least
 * MIN_DISTINCT others, far more than the response cache keeps (500), so it is never a hit.
 */
export function endpointLoads(firstDay: string, lastDay: string): EndpointLoad[] {
  const from = addDays(lastDay, -(WINDOW_DAYS - 1));
  const window = `from=${from}&to=${lastDay}`;
  const back = Math.max(1, dayNumber(from) - dayNumber(firstDay) + 1);
  const forward = Math.max(40, Math.ceil(MIN_DISTINCT / back));
  const range = (i: number) => `from=${addDays(from, -(i % back))}&to=${addDays(lastDay, 1 + (Math.floor(i / back) % forward))}`;
  const withLimit = (i: number) => `${range(i)}&limit=${1 + (Math.floor(i / (back * forward)) % 100)}`;
  // Limits 11–100 on as-of days back from lastDay (before firstDay only for a lake of fewer than 12 days).
  const asOfDays = Math.max(dayNumber(lastDay) - dayNumber(firstDay) + 1, Math.ceil(MIN_DISTINCT / 90));
  const load = (name: MetricsEndpointName, cached: string, uncached?: (i: number) => string): EndpointLoad => ({ name, path: METRICS_ENDPOINTS[name].path, cached, ...(uncached ? { uncached } : {}) });
  return [
    load('kpis', window, range),
    load('topArtists', `${window}&limit=10`, withLimit),
    load('topTracks', `${window}&limit=10`, withLimit),
    load('genresByHourBucket', window, withLimit),
    load('genresByLocalHour', window, withLimit),
    load('playsByCountry', window, withLimit),
    load('playsByPlatform', window, withLimit),
    load('playsByDevice', window, withLimit),
    load('timeseries', window, range),
    // limit 10 is the cached one's: uncached limits start at 11.
    load('trending', `day=${lastDay}&limit=10`, (i) => `day=${addDays(lastDay, -(i % asOfDays))}&limit=${11 + (Math.floor(i / asOfDays) % 90)}`),
    // No parameter: its answer is cached per set of table versions, which a query string cannot change.
    load('pipeline', ''),
  ];
}
