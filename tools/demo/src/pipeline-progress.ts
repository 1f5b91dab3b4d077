import { z } from 'zod';

/** The part of the API's `/v1/pipeline` answer the demo's progress line shows. */
const freshness = z.object({ newest_event: z.string().nullable(), lag_seconds: z.number().nullable() });
export const pipelineSnapshot = z.object({
  last_updated: z.string().nullable(),
  tables: z.array(z.object({ name: z.string(), layer: z.string(), version: z.number().nullable(), rows: z.number().nullable() })),
  freshness: z.object({ bronze: freshness, silver: freshness }),
});
export type PipelineSnapshot = z.infer<typeof pipelineSnapshot>;

export async function fetchPipeline(apiUrl: string, signal?: AbortSignal): Promise<PipelineSnapshot> {
  const response = await fetch(`${apiUrl}/v1/pipeline`, { signal: signal ?? AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${apiUrl}/v1/pipeline answered ${response.status}`);
  const parsed = pipelineSnapshot.safeParse(await response.json());
  if (!parsed.success) throw new Error(`GET ${apiUrl}/v1/pipeline: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

const rowsOf = (snapshot: PipelineSnapshot, layer: string) =>
  snapshot.tables.filter((t) => t.layer === layer && t.name.endsWith('listening_events')).reduce((n, t) => n + (t.rows ?? 0), 0);

export function silverRows(snapshot: PipelineSnapshot): number {
  return rowsOf(snapshot, 'silver');
}

/** A lag as people read it: seconds with a decimal up to 2 minutes, then minutes, hours or days (the backfill's events are days old). */
export function formatLag(lag: number | null): string {
  if (lag === null) return '–';
  const s = Math.max(0, lag);
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

/** One line: rows per layer and how far each layer is behind the newest event. */
export function progressLine(snapshot: PipelineSnapshot): string {
  const format = (n: number) => n.toLocaleString('en-US');
  const gold = snapshot.last_updated ? `gold refreshed ${snapshot.last_updated.slice(11, 19)} UTC` : 'gold not built yet';
  return `bronze ${format(rowsOf(snapshot, 'bronze'))} events (newest ${formatLag(snapshot.freshness.bronze.lag_seconds)} ago) · silver ${format(silverRows(snapshot))} (${formatLag(snapshot.freshness.silver.lag_seconds)} behind) · ${gold}`;
}
