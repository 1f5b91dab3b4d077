import type { Kafka } from 'kafkajs';
import { KafkaTopicOffsets } from './kafka-topic-offsets';

/** A kafkajs client whose admin answers from `answers` in turn (an Error rejects). */
function fakeKafka(answers: (Error | { partition: number; low: string; high: string }[])[]) {
  const calls = { connect: 0, fetch: 0, disconnect: 0 };
  const kafka = {
    admin: () => ({
      connect: async () => {
        calls.connect++;
      },
      disconnect: async () => {
        calls.disconnect++;
      },
      fetchTopicOffsets: async (topic: string) => {
        if (topic !== 'events') throw new Error(`unexpected topic ${topic}`);
        const answer = answers[calls.fetch++];
        if (answer === undefined || answer instanceof Error) throw answer ?? new Error('no more answers');
        return answer.map((a) => ({ ...a, offset: a.high }));
      },
    }),
  };
  return { kafka: kafka as unknown as Kafka, calls };
}

describe('KafkaTopicOffsets', () => {
  it('asks Kafka at most once per maxAgeMs, answers and failures alike, and reconnects after a failure', async () => {
    let now = 0;
    const { kafka, calls } = fakeKafka([[{ partition: 0, low: '0', high: '7' }], new Error('Connection error: ECONNREFUSED'), [{ partition: 0, low: '0', high: '9' }]]);
    const source = new KafkaTopicOffsets(kafka, 'events', 'g', 1000, () => now);
    const [a, b] = await Promise.all([source.offsets(), source.offsets()]);
    expect(a).toEqual([{ partition: 0, low: 0, high: 7 }]);
    expect(b).toBe(a);
    now = 999;
    expect(await source.offsets()).toBe(a);
    expect(calls).toEqual({ connect: 1, fetch: 1, disconnect: 0 });

    now = 1000;
    await expect(source.offsets()).rejects.toThrow('ECONNREFUSED');
    now = 1500;
    await expect(source.offsets()).rejects.toThrow('ECONNREFUSED');
    expect(calls).toEqual({ connect: 1, fetch: 2, disconnect: 1 });

    now = 2000;
    expect(await source.offsets()).toEqual([{ partition: 0, low: 0, high: 9 }]);
    expect(calls).toEqual({ connect: 2, fetch: 3, disconnect: 1 });
    await source.close();
    expect(calls.disconnect).toBe(2);
  });
});
