import { liveQuery } from '@music/metrics-contract';
import { z } from 'zod';
import { loadMetrics } from '../../../data/dashboard-data';

/**
 * What the live tile polls: GET /v1/live of the API, through the data-access module (the browser
 * never talks to the API itself). 400 for a bad ?minutes=, 502 with the reason when the API does
 * not answer properly.
 */
export async function GET(request: Request): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  const query = liveQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: 'bad_request', message: z.prettifyError(query.error) }, { status: 400, headers });
  const live = await loadMetrics('live', { minutes: query.data.minutes });
  if (live.ok) return Response.json(live.data, { headers });
  return Response.json({ error: 'upstream', message: live.message }, { status: 502, headers });
}
