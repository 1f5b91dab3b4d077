import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serviceEndpoint } from '@music/test-support';
import { DeltaTable } from '@music/delta';
import { BRONZE_TABLE, ERASED_LISTENERS_TABLE, openOrCreateTable, userIdDigest } from '@music/tables';
import { Kafka, logLevel } from 'kafkajs';
import { openObjectStore, tableUri } from '@music/storage';
import { createTopics, produceEvents, readDeadLetters, readLake, reconcile, ROOT, startIngest, stopIngest, waitForLake, waitHealthy, type IngestProcess, type ProducedManifest } from './testing/ingest-harness';

jest.setTimeout(900_000);

async function ingestEnv(brokers: string[], topic: string, dlq: string, lake: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    KAFKA_BROKERS: brokers.join(','),
    INGEST_TOPIC: topic,
    INGEST_DLQ_TOPIC: dlq,
    INGEST_GROUP: `group-${topic}`,
    LAKE_URI: lake,
    INGEST_HTTP_PORT: String(await freePort()),
    INGEST_BATCH_MAX_WAIT_MS: '500',
    ...extra,
  };
}

const logFile = (name: string) => join(ROOT, '.run', 'logs', 'tests', `${name}-${Date.now()}.log`);

describe('streaming-ingest end to end (real broker, real lake)', () => {
  let brokers: string[];
  const running: IngestProcess[] = [];

  beforeAll(async () => {
    ({ brokers } = await serviceEndpoint('kafka', process.env));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => stopIngest(p, 'SIGKILL')));
  });

  it('100k events with 1% malformed: bronze holds exactly the valid ones, quarantine and DLQ exactly the invalid ones', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const manifest = await produceEvents({ brokers, topic, count: 100_000, badRatio: 0.01 });
    expect(manifest.badCount).toBe(1000);
    expect(manifest.badKinds.size).toBeGreaterThanOrEqual(20);

    const ingest = startIngest(await ingestEnv(brokers, topic, dlq, lake), logFile('ingest-100k'));
    running.push(ingest);
    await waitHealthy(ingest);
    const contents = await waitForLake(lake, 100_000, 300_000);

    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.bronzeIds).toHaveLength(manifest.validIds.length);
    expect(contents.quarantine).toHaveLength(manifest.badCount);
    expect(contents.quarantine.every((q) => q.error_summary.length > 0)).toBe(true);
    const dead = await readDeadLetters(brokers, dlq, manifest.badCount, 60_000);
    expect(dead.sources.size).toBe(manifest.badCount);
    expect(dead.reasons.every((r) => r.length > 0)).toBe(true);
    expect(contents.bronzeIds.length + contents.quarantine.length).toBe(100_000);
  });

  it('kill -9 at random moments, five times, during a 200k-event run: nothing lost, nothing doubled', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const env = await ingestEnv(brokers, topic, dlq, lake, { INGEST_BATCH_MAX_RECORDS: '5000' });
    const producing = produceEvents({ brokers, topic, count: 200_000, badRatio: 0.005 });

    for (let kill = 1; kill <= 5; kill += 1) {
      const ingest = startIngest(env, logFile(`ingest-kill-${kill}`));
      running.push(ingest);
      await waitHealthy(ingest);
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 3000));
      await stopIngest(ingest, 'SIGKILL');
      running.splice(running.indexOf(ingest), 1);
    }
    const manifest = await producing;
    const last = startIngest(env, logFile('ingest-kill-final'));
    running.push(last);
    await waitHealthy(last);
    const contents = await waitForLake(lake, 200_000, 400_000);
    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.quarantine).toHaveLength(manifest.badCount);
    expect(new Set(contents.quarantine.map((q) => q.source_offset)).size).toBeGreaterThan(0);
  });

  it('two instances in one group, with a rebalance mid-run: nothing lost, nothing doubled', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const group = { INGEST_GROUP: `two-${topic}`, INGEST_BATCH_MAX_RECORDS: '5000' };
    const producing = produceEvents({ brokers, topic, count: 100_000, badRatio: 0.01 });
    const first = startIngest(await ingestEnv(brokers, topic, dlq, lake, group), logFile('ingest-two-a'));
    running.push(first);
    await waitHealthy(first);
    await new Promise((r) => setTimeout(r, 2000));
    const second = startIngest(await ingestEnv(brokers, topic, dlq, lake, group), logFile('ingest-two-b'));
    running.push(second);
    await waitHealthy(second);
    const manifest = await producing;
    // A second rebalance: the first instance leaves cleanly while data is still flowing.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await stopIngest(first, 'SIGTERM')).toBe(0);
    running.splice(running.indexOf(first), 1);
    const contents = await waitForLake(lake, 100_000, 300_000);
    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.quarantine).toHaveLength(manifest.badCount);
  });

  it('compacts the small files of closed days, and of open days (today) once they hold INGEST_OPTIMIZE_MIN_FILES, keeping every row', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const lakeDir = mkdtempSync(join(tmpdir(), 'lake-'));
    const lake = `file://${lakeDir}`;
    const log = logFile('ingest-optimize');
    // Two files make an open day worth compacting here: how many batches a wave becomes depends on the machine's load.
    const ingest = startIngest(await ingestEnv(brokers, topic, dlq, lake, { INGEST_OPTIMIZE_INTERVAL_MS: '3000', INGEST_OPTIMIZE_MIN_FILES: '2', INGEST_BATCH_MAX_WAIT_MS: '200' }), log);
    running.push(ingest);
    await waitHealthy(ingest);
    const waves: ProducedManifest[] = [];
    // Three days ago (closed), and the last 24 hours (yesterday and today, open): a file per batch each.
    for (let wave = 0; wave < 4; wave += 1) {
      waves.push(await produceEvents({ brokers, topic, count: 500, badRatio: 0, daysAgo: 3 }));
      waves.push(await produceEvents({ brokers, topic, count: 500, badRatio: 0 }));
      await new Promise((r) => setTimeout(r, 700));
    }
    const manifest = { validIds: waves.flatMap((w) => w.validIds), badCount: 0, badKinds: new Set<string>() };
    await waitForLake(lake, 4000, 120_000);
    const deadline = Date.now() + 60_000;
    let filesPerDay: Record<string, number> = {};
    // The ingest logs each compaction; an open day's says `"partitions":"open"`.
    const openCompactions = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('compacted partitions') && line.includes('"partitions":"open"')).length : 0);
    const compacted = () => Object.keys(filesPerDay).length >= 2 && Object.values(filesPerDay).every((files) => files === 1) && openCompactions() > 0;
    while (Date.now() < deadline && !compacted()) {
      await new Promise((r) => setTimeout(r, 1000));
      const table = await DeltaTable.open(openObjectStore(`${lake}/bronze/listening_events`));
      filesPerDay = {};
      for (const file of (await table.refresh()).files) {
        const day = String(file.add.partitionValues['event_date']);
        filesPerDay[day] = (filesPerDay[day] ?? 0) + 1;
      }
      await table.close();
    }
    const today = new Date().toISOString().slice(0, 10);
    expect(Object.keys(filesPerDay)).toContain(today);
    expect(Object.values(filesPerDay).every((files) => files === 1)).toBe(true);
    expect(openCompactions()).toBeGreaterThan(0);
    expect(reconcile(manifest, await readLake(lake))).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
  });

  it('fills a new lake from the start of the log even when its consumer group already has offsets in Kafka', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const manifest = await produceEvents({ brokers, topic, count: 5_000, badRatio: 0.01 });
    const first = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const env = await ingestEnv(brokers, topic, dlq, first);
    const ingest = startIngest(env, logFile('ingest-first-lake'));
    running.push(ingest);
    await waitHealthy(ingest);
    expect(reconcile(manifest, await waitForLake(first, 5_000, 120_000))).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    // Its offset hints are committed to Kafka after each batch; let the last one land, then stop.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stopIngest(ingest, 'SIGTERM')).toBe(0);
    running.splice(running.indexOf(ingest), 1);

    // Same group, same topic, an empty lake: bronze knows no offset, so nothing may be skipped.
    const second = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const again = startIngest({ ...env, LAKE_URI: second, INGEST_HTTP_PORT: String(await freePort()) }, logFile('ingest-second-lake'));
    running.push(again);
    await waitHealthy(again);
    const contents = await waitForLake(second, 5_000, 120_000);
    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.quarantine).toHaveLength(manifest.badCount);
  });

  it('counts and logs, by exact offsets, the records Kafka deleted before the ingest read them, and takes everything else once', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const admin = new Kafka({ clientId: 'ingest-it-retention', brokers, logLevel: logLevel.WARN }).admin();
    await admin.connect();
    const ends = async () => new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
    try {
      const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
      const env = await ingestEnv(brokers, topic, dlq, lake);
      await produceEvents({ brokers, topic, count: 3_000, badRatio: 0 });
      const read = await ends();
      const first = startIngest(env, logFile('ingest-retention-first'));
      running.push(first);
      await waitHealthy(first);
      await waitForLake(lake, 3_000, 120_000);
      expect(await stopIngest(first, 'SIGTERM')).toBe(0);
      running.splice(running.indexOf(first), 1);

      // While the ingest is stopped, the topic's retention deletes half of what it has not read.
      await produceEvents({ brokers, topic, count: 3_000, badRatio: 0 });
      const written = await ends();
      const deletedUpTo = new Map([...written].map(([partition, high]) => [partition, (read.get(partition) ?? 0) + Math.floor((high - (read.get(partition) ?? 0)) / 2)]));
      await admin.deleteTopicRecords({ topic, partitions: [...deletedUpTo].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
      const lost = new Map([...deletedUpTo].map(([partition, upTo]) => [partition, upTo - (read.get(partition) ?? 0)]));
      const lostTotal = [...lost.values()].reduce((a, b) => a + b, 0);
      expect(lostTotal).toBeGreaterThan(1_000);

      const secondLog = logFile('ingest-retention-second');
      const second = startIngest({ ...env, INGEST_HTTP_PORT: String(await freePort()) }, secondLog);
      running.push(second);
      await waitHealthy(second);
      await waitForLake(lake, 6_000 - lostTotal, 120_000);

      // Bronze holds, per partition, exactly the offsets read before and those after the deleted range.
      const bronze = await DeltaTable.open(openObjectStore(tableUri(lake, ...BRONZE_TABLE.path)));
      const rows = await bronze.duckdb.rows(`SELECT source_partition AS p, count(*) AS n, count(DISTINCT source_offset) AS d FROM (${(await bronze.scan({ columns: ['source_partition', 'source_offset'] })).sql}) GROUP BY 1 ORDER BY 1`);
      await bronze.close();
      for (const row of rows) {
        const partition = Number(row['p']);
        expect({ partition, rows: Number(row['n']), distinct: Number(row['d']) }).toEqual({
          partition,
          rows: (written.get(partition) ?? 0) - (lost.get(partition) ?? 0),
          distinct: (written.get(partition) ?? 0) - (lost.get(partition) ?? 0),
        });
      }
      const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
      for (const [partition, count] of lost) {
        if (count === 0) continue;
        expect(metrics).toContain(`ingest_records_lost_total{partition="${partition}"} ${count}`);
      }
      const reports = readFileSync(secondLog, 'utf8')
        .split('\n')
        .filter((line) => line.includes('records deleted by Kafka'))
        .map((line) => JSON.parse(line) as { partition: number; fromOffset: string; toOffset: string; records: number });
      expect(reports.map((r) => [r.partition, r.fromOffset, r.toOffset, r.records]).sort()).toEqual(
        [...lost].filter(([, count]) => count > 0).map(([partition, count]) => [partition, String(read.get(partition)), String((deletedUpTo.get(partition) ?? 0) - 1), count]).sort(),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps out of the lake the events of a listener erased before they arrived, and counts them', async () => {
    const { topic, dlq } = await createTopics(brokers, 'ingest-it');
    const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    // The erasure was registered (npm run batch -- erase) while these events were still in transit.
    const register = await openOrCreateTable(openObjectStore(tableUri(lake, ...ERASED_LISTENERS_TABLE.path)), ERASED_LISTENERS_TABLE);
    await register.append([{ user_id_sha256: userIdDigest('user-5'), erased_at: new Date(Date.now() + 60_000).toISOString() }]);
    await register.close();
    // produceEvents gives event i to user-(i % 997): user-5 has events 5, 1002 and 1999.
    const manifest = await produceEvents({ brokers, topic, count: 2_000, badRatio: 0 });
    const victimIds = [5, 1002, 1999].map((i) => manifest.validIds[i]);

    const ingest = startIngest(await ingestEnv(brokers, topic, dlq, lake), logFile('ingest-erased'));
    running.push(ingest);
    await waitHealthy(ingest);
    const contents = await waitForLake(lake, 1_997, 120_000);
    expect(reconcile({ ...manifest, validIds: manifest.validIds.filter((id) => !victimIds.includes(id)) }, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.bronzeIds.filter((id) => victimIds.includes(id))).toEqual([]);
    expect(contents.quarantine).toEqual([]);
    // The offsets moved past them: every partition's records are accounted for.
    const metrics = await (await fetch(`http://127.0.0.1:${ingest.port}/metrics`)).text();
    expect(metrics).toContain('ingest_events_total{result="erased"} 3');
  });
});
