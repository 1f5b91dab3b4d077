import { errorResponse, METRICS_ENDPOINTS, type EndpointParams, type EndpointResponse, type MetricsEndpointName } from '@music/metrics-contract';
import { z } from 'zod';

/** A request to the metrics API that did not give an answer matching the contract. */
export class MetricsApiError extends Error {
  constructor(
    message: string,
    readonly endpoint: MetricsEndpointName,
    readonly url: string,
    /** HTTP status; null when no answer came (network, timeout). */
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MetricsApiError';
  }
}

export interface MetricsApiOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * The dashboard's only way to the metrics API: builds each request from the shared contract
 * (path, querystring checked before sending) and safeParses every answer with the contract's
 * response schema, so a widget gets typed data or an error that says which request failed and how.
 */
export class MetricsApi {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: MetricsApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async get<Name extends MetricsEndpointName>(name: Name, params: EndpointParams<Name>): Promise<EndpointResponse<Name>> {
    const endpoint = METRICS_ENDPOINTS[name];
    const url = new URL(endpoint.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const where = `GET ${url.pathname}${url.search}`;
    const fail = (message: string, status: number | null, cause?: unknown) =>
      new MetricsApiError(`${where}: ${message}`, name, url.toString(), status, cause === undefined ? undefined : { cause });

    const query = endpoint.query.safeParse(params);
    if (!query.success) throw fail(`parameters refused before sending: ${z.prettifyError(query.error)}`, null, query.error);

    let response: Response;
    try {
      response = await this.fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : `the API cannot be reached (${describeCause(error)})`;
      throw fail(reason, null, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw fail(`answered ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`, response.status, error);
    }
    if (!response.ok) {
      const problem = errorResponse.safeParse(body);
      throw fail(`answered ${response.status}: ${problem.success ? problem.data.message : text.slice(0, 200)}`, response.status);
    }
    const parsed = endpoint.response.safeParse(body);
    if (!parsed.success) throw fail(`the answer does not match the contract: ${z.prettifyError(parsed.error)}`, response.status, parsed.error);
    return parsed.data as EndpointResponse<Name>;
  }
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) return `${error.message}: ${'code' in cause ? String(cause.code) : cause.message}`;
  return error.message;
}
