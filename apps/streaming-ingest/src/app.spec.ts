import { buildApp } from './app';
import { IngestMetrics } from './ingest-metrics';

describe('ingest HTTP app', () => {
  it('reports health and why it fails', async () => {
    const state: { reason?: string } = {};
    const app = buildApp({ metrics: new IngestMetrics(), health: { unhealthyReason: () => state.reason } });
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    state.reason = 'writer failed: disk full';
    const failing = await app.inject('/healthz');
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toEqual({ status: 'failing', reason: 'writer failed: disk full' });
  });

  it('exposes batch metrics in Prometheus format', async () => {
    const metrics = new IngestMetrics();
    metrics.recordBatch({
      outcome: { records: 11, valid: 8, invalid: 2, alreadyWritten: 0, erased: 1, erasedLate: 0, bronzeVersion: 7, quarantineVersion: 3 },
      records: [],
      closedBy: 'time',
      commitMs: 120,
      batchAgeMs: 1000,
    });
    const response = await buildApp({ metrics, health: { unhealthyReason: () => undefined } }).inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('ingest_events_total{result="valid"} 8');
    expect(response.body).toContain('ingest_events_total{result="invalid"} 2');
    expect(response.body).toContain('ingest_events_total{result="erased"} 1');
    expect(response.body).toContain('ingest_dead_letters_total 2');
    expect(response.body).toContain('ingest_table_version{table="bronze"} 7');
    expect(response.body).toMatch(/ingest_commit_seconds_bucket\{le="0.25"\} 1/);
  });
});
