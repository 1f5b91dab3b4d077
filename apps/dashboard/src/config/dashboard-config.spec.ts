import { ConfigError } from '@music/config';
import { loadDashboardConfig } from './dashboard-config';

describe('dashboard settings', () => {
  it('defaults to the local API and port 3000 on loopback', () => {
    expect(loadDashboardConfig({})).toEqual({ API_URL: 'http://127.0.0.1:3001', API_TIMEOUT_MS: 10_000, DASHBOARD_HOST: '127.0.0.1', DASHBOARD_PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('names each variable and the value at fault', () => {
    let error: unknown;
    try {
      loadDashboardConfig({ API_URL: 'ftp://api', DASHBOARD_PORT: '70000' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => [issue.variable, issue.received])).toEqual([
      ['API_URL', '"ftp://api"'],
      ['DASHBOARD_PORT', '"70000"'],
    ]);
  });
});
