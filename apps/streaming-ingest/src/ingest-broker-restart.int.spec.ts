import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@music/test-support';
import { createTopics, produceEvents, reconcile, ROOT, runInfra as infra, startIngest, stopIngest, waitForLake, waitHealthy, type IngestProcess } from './testing/ingest-harness';

jest.setTimeout(900_000);

describe('streaming-ingest through a broker restart (a private real broker)', () => {
  const running: IngestProcess[] = [];
  let infraEnv: Record<string, string>;

  beforeAll(async () => {
    infraEnv = {
      INFRA_RUN_DIR: mkdtempSync(join(tmpdir(), 'broker-restart-')),
      INFRA_KAFKA_PORT: String(await freePort()),
      INFRA_KAFKA_CONTROLLER_PORT: String(await freePort()),
    };
    expect(await infra(['up', 'kafka'], infraEnv)).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((p) => stopIngest(p, 'SIGKILL')));
    await infra(['down', 'kafka'], infraEnv);
  });

  it('recovers by itself after the broker restarts mid-run, losing nothing', async () => {
    const brokers = [`127.0.0.1:${infraEnv['INFRA_KAFKA_PORT']}`];
    const { topic, dlq } = await createTopics(brokers, 'restart');
    const lake = `file://${mkdtempSync(join(tmpdir(), 'lake-'))}`;
    const ingest = startIngest(
      { KAFKA_BROKERS: brokers.join(','), INGEST_TOPIC: topic, INGEST_DLQ_TOPIC: dlq, INGEST_GROUP: `g-${topic}`, LAKE_URI: lake, INGEST_HTTP_PORT: String(await freePort()) },
      join(ROOT, '.run', 'logs', 'tests', `ingest-broker-restart-${Date.now()}.log`),
    );
    running.push(ingest);
    await waitHealthy(ingest);

    const before = await produceEvents({ brokers, topic, count: 30_000, badRatio: 0.01 });
    await waitForLake(lake, 10_000, 120_000);
    expect(await infra(['down', 'kafka'], infraEnv)).toBe(0);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await infra(['up', 'kafka'], infraEnv)).toBe(0);
    const after = await produceEvents({ brokers, topic, count: 30_000, badRatio: 0.01 });

    const contents = await waitForLake(lake, 60_000, 300_000);
    expect(ingest.child.exitCode).toBeNull();
    const manifest = { validIds: [...before.validIds, ...after.validIds], badCount: before.badCount + after.badCount, badKinds: new Set<string>() };
    expect(reconcile(manifest, contents)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(contents.quarantine).toHaveLength(manifest.badCount);
  });
});
