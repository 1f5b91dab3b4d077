import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { hashApiKey } from '@music/collector';
import { decodeEvent } from '@music/events';
import { makePlayEvent, makeShareEvent } from '@music/events/testing';
import { createLogger } from '@music/logger';
import { serviceEndpoint } from '@music/test-support';
import { Kafka, logLevel } from 'kafkajs';
import { buildApp } from './app';
import { KafkaEventPublisher } from './event-publisher';

jest.setTimeout(120_000);

const silentLogger = createLogger({ name: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('collector into the real Kafka broker', () => {
  it('writes the accepted events, keyed by user, with schema headers; rejects the rest', async () => {
    const { brokers } = await serviceEndpoint('kafka', process.env);
    const kafka = new Kafka({ clientId: 'collector-int', brokers, logLevel: logLevel.WARN });
    const topic = `collector-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const publisher = new KafkaEventPublisher(producer, topic);
    await publisher.start(silentLogger);
    const consumer = kafka.consumer({ groupId: `collector-int-${randomUUID()}` });
    try {
      const app = await buildApp({
        collector: {
          publisher,
          apiKeyHashes: [hashApiKey('int-key')],
          maxEventAgeMs: 3600_000,
          rateLimit: { max: 100, windowMs: 60_000 },
        },
      });
      const recent = new Date(Date.now() - 60_000).toISOString();
      const events = [makePlayEvent({ occurred_at: recent, user_id: 'u-1' }), makeShareEvent({ occurred_at: recent, user_id: 'u-2' })];
      const response = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: 'Bearer int-key' },
        payload: { events: [...events, { ...events[0], platform: 'gramophone' }] },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ accepted: 2, rejected: 1 });

      const received: { key: string; eventId: string; headers: Record<string, string> }[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} records arrived`)), 60_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            const decoded = decodeEvent(message.value, headers);
            if (!decoded.ok) throw new Error(decoded.issues[0]?.message);
            received.push({ key: String(message.key), eventId: decoded.event.event_id, headers });
            if (received.length === 2) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      expect(received.map((r) => r.eventId).sort()).toEqual(events.map((e) => e.event_id).sort());
      expect(received.map((r) => r.key).sort()).toEqual(['u-1', 'u-2']);
      expect(received[0]?.headers['schema-version']).toBe('1');
      await app.close();
    } finally {
      await consumer.disconnect();
      await publisher.close();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
