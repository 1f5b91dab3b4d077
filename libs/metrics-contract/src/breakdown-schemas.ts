import { z } from 'zod';
import { checkRangeParams, countryParam, endpointQuery, limitParam, platformParam, rangeParams } from './query-params';
import { listenerDaysField, rangeFields, tableVersionFields } from './response-fields';

/** GET /v1/plays/by-country, /by-platform, /by-device: listening per value of one dimension over a period. */

const listeningFields = {
  rank: z.number().int().describe('1 = most streams; ties by plays, then name.'),
  plays: z.number().int().describe('Play events, whatever their length.'),
  streams: z.number().int().describe('Streams (plays of at least 30 s).'),
  skips: z.number().int().describe('Skip events.'),
  minutes_listened: z.number().describe('Minutes listened (plays and skips).'),
  listener_days: listenerDaysField,
  share_of_streams: z.number().nullable().describe('Streams / all streams of the period (every value, not only those listed); null when there is none.'),
};

export const playsByCountryQuery = endpointQuery('GET /v1/plays/by-country', ['plays_by_country_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Countries to list, most streams first'),
  country: countryParam.optional().describe('Only this country (ISO 3166-1 alpha-2, any case).'),
}).superRefine(checkRangeParams);
export type PlaysByCountryQuery = z.output<typeof playsByCountryQuery>;

export const playsByCountryResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  countries: z.array(z.object({ country: z.string().describe('ISO 3166-1 alpha-2.'), ...listeningFields })).describe('Countries with at least one play or skip, most streams first.'),
});
export type PlaysByCountryResponse = z.output<typeof playsByCountryResponse>;

export const playsByPlatformQuery = endpointQuery('GET /v1/plays/by-platform', ['plays_by_platform_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Platforms to list, most streams first'),
  platform: platformParam.optional().describe('Only this platform.'),
}).superRefine(checkRangeParams);
export type PlaysByPlatformQuery = z.output<typeof playsByPlatformQuery>;

export const playsByPlatformResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  platforms: z.array(z.object({ platform: z.string(), ...listeningFields })).describe('Platforms with at least one play or skip, most streams first.'),
});
export type PlaysByPlatformResponse = z.output<typeof playsByPlatformResponse>;

export const playsByDeviceQuery = endpointQuery('GET /v1/plays/by-device', ['plays_by_device_daily'], {
  ...rangeParams,
  limit: limitParam(100, 'Devices to list, most streams first'),
}).superRefine(checkRangeParams);
export type PlaysByDeviceQuery = z.output<typeof playsByDeviceQuery>;

export const playsByDeviceResponse = z.object({
  ...tableVersionFields,
  ...rangeFields,
  devices: z.array(z.object({ device: z.string().describe('Device model, e.g. iPhone 15.'), ...listeningFields })).describe('Devices with at least one play or skip, most streams first.'),
});
export type PlaysByDeviceResponse = z.output<typeof playsByDeviceResponse>;
