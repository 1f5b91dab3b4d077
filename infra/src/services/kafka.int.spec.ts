import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { serviceEndpoint } from '@music/test-support';

jest.setTimeout(180_000);

describe('local Kafka broker (real)', () => {
  it('keeps per-key order for 10,000 keyed records over 6 partitions', async () => {
    const { brokers } = await serviceEndpoint('kafka', process.env);
    const kafka = new Kafka({ clientId: 'infra-int-test', brokers, logLevel: logLevel.WARN });
    const topic = `infra-check-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: `infra-check-${randomUUID()}` });
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(6);

      const keys = Array.from({ length: 50 }, (_, i) => `user-${i}`);
      const total = 10_000;
      await producer.connect();
      for (let start = 0; start < total; start += 1000) {
        const messages = Array.from({ length: 1000 }, (_, j) => {
          const n = start + j;
          return { key: keys[n % keys.length], value: JSON.stringify({ n }) };
        });
        await producer.send({ topic, acks: -1, messages });
      }

      const seenByKey = new Map<string, number[]>();
      const partitionsUsed = new Set<number>();
      let received = 0;
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received} of ${total} records arrived`)), 120_000);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            const key = message.key?.toString() ?? '';
            const { n } = JSON.parse(message.value?.toString() ?? '{}') as { n: number };
            partitionsUsed.add(partition);
            seenByKey.set(key, [...(seenByKey.get(key) ?? []), n]);
            received += 1;
            if (received === total) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });

      expect(received).toBe(total);
      expect(partitionsUsed.size).toBeGreaterThan(1);
      expect([...seenByKey.keys()].sort()).toEqual([...keys].sort());
      for (const [, sequence] of seenByKey) {
        expect(sequence).toHaveLength(total / keys.length);
        expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      }
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
