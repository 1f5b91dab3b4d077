import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from '@music/delta';
import { GoldReader } from '@music/gold-queries';
import { fileUriOf, openObjectStore, tableUri } from '@music/storage';
import { BRONZE_TABLE, ingestAppId, openOrCreateTable } from '@music/tables';
import { serviceEndpoint } from '@music/test-support';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { buildApp } from './app';
import { KafkaTopicOffsets } from './kafka-topic-offsets';

jest.setTimeout(120_000);

/**
 * /v1/pipeline's consumer lag against the real broker: Kafka's end offsets of a real topic
 * compared with the txn actions of a real bronze table, and what the endpoint says when the
 * broker cannot be reached.
 */

let directory: string;
let admin: Admin;
let brokers: string[];
const topics: string[] = [];
/** The collector is not under test here: one that accepts nothing. */
const collector = { publisher: { publish: () => Promise.reject(new Error('not used')) }, apiKeyHashes: [], maxEventAgeMs: 3600_000, rateLimit: { max: 1, windowMs: 60_000 } };

beforeAll(async () => {
  ({ brokers } = await serviceEndpoint('kafka', process.env));
  admin = new Kafka({ clientId: 'pipeline-lag-int', brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'pipeline-lag-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('GET /v1/pipeline consumer lag', () => {
  it("counts, per partition, the topic's records beyond what bronze's txn says the ingest wrote", async () => {
    const kafka = new Kafka({ clientId: 'pipeline-lag-int', brokers, logLevel: logLevel.WARN });
    const topic = `pipeline-lag-${randomUUID()}`;
    topics.push(topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    // Idempotent: a send retried under load must not write its records twice.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [0, 0, 0, 0, 1, 1].map((partition, i) => ({ partition, value: `record ${i}` })) });
    await producer.disconnect();
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
    expect(Object.fromEntries(ends)).toEqual({ 0: 4, 1: 2, 2: 0 });

    // The ingest of group g wrote offsets 0–2 of partition 0 and nothing else; another group wrote partition 1.
    const duckdb = await DuckDBSession.create();
    const bronze = await openOrCreateTable(openObjectStore(tableUri(fileUriOf(directory), ...BRONZE_TABLE.path)), BRONZE_TABLE, { duckdb });
    await bronze.append([], { txns: [{ appId: ingestAppId('g', topic, 0), version: 2 }, { appId: ingestAppId('other', topic, 1), version: 1 }] });
    await bronze.close();
    await duckdb.close();

    const reader = await GoldReader.open({ uri: fileUriOf(directory), storage: {} }, { refreshIntervalMs: 0 });
    const topicOffsets = new KafkaTopicOffsets(kafka, topic, 'g');
    const app = await buildApp({ collector, metrics: { reader, topicOffsets } });
    try {
      const response = await app.inject('/v1/pipeline');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        consumer_lag: {
          group: 'g',
          topic,
          total: 1 + 2,
          partitions: [
            { partition: 0, end_offset: 4, bronze_next_offset: 3, lag: 1 },
            { partition: 1, end_offset: 2, bronze_next_offset: null, lag: 2 },
            { partition: 2, end_offset: 0, bronze_next_offset: null, lag: 0 },
          ],
        },
        consumer_lag_note: null,
      });
    } finally {
      await app.close();
      await topicOffsets.close();
      await reader.close();
    }
  });

  it('answers without the lag, saying why, when the broker cannot be reached', async () => {
    const unreachable = new Kafka({ clientId: 'pipeline-lag-int', brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, connectionTimeout: 500, requestTimeout: 1000 });
    const reader = await GoldReader.open({ uri: fileUriOf(directory), storage: {} }, { refreshIntervalMs: 0 });
    const topicOffsets = new KafkaTopicOffsets(unreachable, 'listening-events', 'streaming-ingest');
    const app = await buildApp({ collector, metrics: { reader, topicOffsets } });
    try {
      const started = Date.now();
      const response = await app.inject('/v1/pipeline');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { consumer_lag: unknown; consumer_lag_note: string; tables: unknown[] };
      expect(body.consumer_lag).toBeNull();
      expect(body.consumer_lag_note).toMatch(/^Kafka could not be asked for the end offsets of listening-events: .*(ECONNREFUSED|Connection)/);
      expect(body.tables).toHaveLength(16);
    } finally {
      await app.close();
      await topicOffsets.close();
      await reader.close();
    }
  });
});
