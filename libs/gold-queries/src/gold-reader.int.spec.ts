import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kpisQuery, topArtistsQuery, utcDay } from '@music/metrics-contract';
import { serviceEndpoint } from '@music/test-support';
import { GoldReader } from './gold-reader';
import { kpis } from './kpi-queries';
import { pipelineStatus } from './pipeline-status';
import { ResponseCache } from './response-cache';
import { createGoldLake, generateListeningEvents, type GoldLakeFixture } from './test-helpers/gold-lake-fixture';
import { groupTotals, listeningFacts, periodTotals } from './test-helpers/reference-metrics';
import { topArtists } from './top-chart-queries';

jest.setTimeout(120_000);

const NOW = Date.parse('2026-11-24T12:00:00.000Z');

describe('gold on MinIO (s3://)', () => {
  let fixture: GoldLakeFixture | undefined;
  let reader: GoldReader | undefined;
  const cacheDirectory = mkdtempSync(join(tmpdir(), 'gold-queries-s3-cache-'));

  afterAll(async () => {
    await reader?.close();
    await fixture?.close();
    rmSync(cacheDirectory, { recursive: true, force: true });
  });

  it('reads the gold tables the batch jobs wrote to the bucket, and sees their next version', async () => {
    const minio = await serviceEndpoint('minio', process.env);
    const storage = { s3: { endpoint: minio.endpoint, region: minio.region, credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey } } };
    fixture = await createGoldLake({ uri: `s3://${minio.bucket}/gold-queries-int/${randomUUID()}`, storage });
    await fixture.append(generateListeningEvents({ firstDay: '2026-11-10', days: 15, eventsPerDay: 40, seed: 3, beforeHourUtc: 12 }));
    reader = await GoldReader.open({ ...fixture.lake, cacheDirectory }, { refreshIntervalMs: 0, now: () => NOW });
    const context = { reader, cache: new ResponseCache(10), now: NOW, today: utcDay(NOW) };

    const range = { from: '2026-11-18', to: '2026-11-24' };
    const first = await kpis(context, kpisQuery.parse(range));
    expect(first.body.kpis.streams.value).toBe(periodTotals(listeningFacts(fixture.events), range).streams);
    const artists = await topArtists(context, topArtistsQuery.parse({ ...range, limit: '3' }));
    expect(artists.body.artists.map((a) => [a.artist_id, a.streams])).toEqual(
      groupTotals(listeningFacts(fixture.events), range, (f) => f.artistId).slice(0, 3).map((g) => [g.key, g.streams]),
    );
    // DuckDB read local copies of the bucket's Parquet files.
    expect(readdirSync(cacheDirectory, { recursive: true }).some((name) => String(name).endsWith('.parquet'))).toBe(true);

    await fixture.append(generateListeningEvents({ firstDay: '2026-11-24', days: 1, eventsPerDay: 30, seed: 4, beforeHourUtc: 12 }));
    const second = await kpis(context, kpisQuery.parse(range));
    expect(second.cache).toBe('miss');
    expect(second.body.table_version).toBe(first.body.table_version + 1);
    expect(second.body.kpis.streams.value).toBe(periodTotals(listeningFacts(fixture.events), range).streams);

    const status = await pipelineStatus(context);
    expect(status.body.tables[0]).toMatchObject({ name: 'bronze_listening_events', version: 2, rows: fixture.events.length, location: `${fixture.lake.uri}/bronze/listening_events` });
    expect(status.body.freshness.gold.newest_day).toBe('2026-11-24');
  });
});
