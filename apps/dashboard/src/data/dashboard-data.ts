import { createLogger, type Logger } from '@music/logger';
import type { EndpointParams, EndpointResponse, MetricsEndpointName } from '@music/metrics-contract';
import { cache } from 'react';
import { serverConfig } from '../config/server-config';
import { MetricsApi } from './metrics-api';

/** What a server component gets: the data, or why there is none (never a thrown error, so one failing widget leaves the page standing). */
export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string };

let api: MetricsApi | undefined;
let log: Logger | undefined;

function metricsApi(): MetricsApi {
  const config = serverConfig();
  api ??= new MetricsApi({ baseUrl: config.API_URL, timeoutMs: config.API_TIMEOUT_MS });
  return api;
}

function logger(): Logger {
  log ??= createLogger({ name: 'dashboard', level: serverConfig().LOG_LEVEL });
  return log;
}

/** Parameters as a stable key: React's cache compares arguments by identity. */
function paramsKey(params: object): string {
  return JSON.stringify(
    Object.entries(params)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

// Several widgets of one page ask the same answer (the KPIs feed three of them): one request per render.
const requestOnce = cache((name: MetricsEndpointName, key: string) => metricsApi().get(name, Object.fromEntries(JSON.parse(key) as [string, unknown][]) as never));

/** One answer of the metrics API for a server component; failures are logged with their context and returned. */
export async function loadMetrics<Name extends MetricsEndpointName>(name: Name, params: EndpointParams<Name>): Promise<Loaded<EndpointResponse<Name>>> {
  try {
    return { ok: true, data: (await requestOnce(name, paramsKey(params))) as EndpointResponse<Name> };
  } catch (error) {
    logger().warn({ err: error, endpoint: name }, 'metrics request failed');
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
