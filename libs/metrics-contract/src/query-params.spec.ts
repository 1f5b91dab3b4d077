import { z } from 'zod';
import { playsByCountryQuery, playsByDeviceQuery } from './breakdown-schemas';
import { genresByHourBucketQuery } from './genre-schemas';
import { kpisQuery } from './kpi-schemas';
import { liveQuery } from './live-schemas';
import { pipelineQuery } from './pipeline-schemas';
import { countryParam } from './query-params';
import { timeseriesQuery } from './timeseries-schemas';
import { topArtistsQuery } from './top-chart-schemas';

function issues(schema: z.ZodType, input: unknown): { path: string; message: string }[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('querystring rules', () => {
  it('refuses a dimension filter the table does not have, saying why', () => {
    expect(issues(kpisQuery, { country: 'FR' })).toEqual([
      { path: '', message: 'GET /v1/kpis cannot filter by country (gold table daily_active_listeners has no country column)' },
    ]);
    expect(issues(topArtistsQuery, { genre: 'rock' })[0]?.message).toContain('top_artists_daily has no genre column');
  });

  it('refuses unknown parameters, listing those accepted', () => {
    expect(issues(topArtistsQuery, { limt: '5' })[0]?.message).toBe('limt is not a parameter of GET /v1/top-artists (accepted: from, to, range, limit)');
    expect(issues(pipelineQuery, { range: '7d' })[0]?.message).toBe('GET /v1/pipeline takes no parameters');
  });

  it('does not claim a table lacks a column it has', () => {
    expect(issues(playsByDeviceQuery, { device: 'Pixel 8' })[0]?.message).toBe('device is not a parameter of GET /v1/plays/by-device (accepted: from, to, range, limit)');
    expect(issues(timeseriesQuery, { genre: 'pop' })[0]?.message).toBe(
      'GET /v1/timeseries cannot filter by genre (gold tables daily_active_listeners, plays_by_country_daily, plays_by_platform_daily have no genre column)',
    );
  });

  it('ties from and to together, and apart from range', () => {
    expect(issues(kpisQuery, { from: '2026-11-01' })).toEqual([{ path: 'to', message: 'required with from' }]);
    expect(issues(kpisQuery, { to: '2026-11-01' })).toEqual([{ path: 'from', message: 'required with to' }]);
    expect(issues(kpisQuery, { range: '7d', from: '2026-11-01', to: '2026-11-02' })).toEqual([{ path: 'range', message: 'give either range or from/to, not both' }]);
    expect(issues(kpisQuery, { from: '2026-11-03', to: '2026-11-02' })).toEqual([{ path: 'from', message: 'must not be after to (2026-11-03 > 2026-11-02)' }]);
  });

  it.each([
    [{ from: '2026-02-29', to: '2026-03-01' }, 'from', 'expected a real UTC day as YYYY-MM-DD'],
    [{ from: '2026-11-1', to: '2026-11-02' }, 'from', 'expected a real UTC day as YYYY-MM-DD'],
    [{ from: '1999-12-31', to: '2026-11-02' }, 'from', 'expected a day from 2000-01-01 to 2099-12-31'],
    [{ range: '3d' }, 'range', 'Invalid option'],
  ])('refuses the bad day or preset %j', (input, path, message) => {
    expect(issues(kpisQuery, input)).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it.each(['0', '101', '2.5', 'ten', ''])('refuses limit=%j', (limit) => {
    expect(issues(topArtistsQuery, { limit })).toEqual([{ path: 'limit', message: 'expected an integer from 1 to 100' }]);
  });

  it('coerces limit and defaults it', () => {
    expect(topArtistsQuery.parse({ limit: '25' }).limit).toBe(25);
    expect(topArtistsQuery.parse({}).limit).toBe(10);
    expect(playsByCountryQuery.parse({}).limit).toBe(100);
  });

  it('normalises country and genre, and checks the country exists', () => {
    expect(countryParam.parse('fr')).toBe('FR');
    expect(issues(countryParam, 'XX')).toEqual([{ path: '', message: 'not an ISO 3166-1 alpha-2 country code' }]);
    expect(issues(countryParam, 'FRA')).toEqual([{ path: '', message: 'expected an ISO 3166-1 alpha-2 country code, e.g. FR' }]);
    expect(genresByHourBucketQuery.parse({ genre: ' Rock ' }).genre).toBe('rock');
  });

  it('refuses country and platform together on the time series', () => {
    expect(issues(timeseriesQuery, { country: 'FR', platform: 'ios' })).toEqual([{ path: 'platform', message: 'cannot be combined with country (no gold table has both dimensions)' }]);
    expect(issues(timeseriesQuery, { from: '2000-01-01', to: '2026-01-01' })).toEqual([{ path: 'from', message: 'a daily series spans at most 3660 days' }]);
  });

  it('bounds the live window to whole minutes from 1 to 60, default 15', () => {
    expect(liveQuery.parse({}).minutes).toBe(15);
    expect(liveQuery.parse({ minutes: '60' }).minutes).toBe(60);
    for (const minutes of ['0', '61', '1.5', 'all']) expect(issues(liveQuery, { minutes })).toEqual([{ path: 'minutes', message: 'expected an integer from 1 to 60' }]);
    expect(issues(liveQuery, { range: '7d' })[0]?.message).toBe('range is not a parameter of GET /v1/live (accepted: minutes)');
  });
});
