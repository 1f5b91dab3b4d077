import { Writable } from 'node:stream';
import { makePlayEvent } from '@music/events/testing';
import { encodeEvent } from '@music/events';
import { createLogger } from '@music/logger';
import type { Producer } from 'kafkajs';
import { KafkaEventPublisher, PublishUnavailableError } from './event-publisher';

const lines: string[] = [];
const log = createLogger({ name: 'test', level: 'info', destination: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) });

/** A producer whose first `failures` connections fail. */
function producerFailing(failures: number) {
  const calls = { connect: 0, send: 0, disconnect: 0 };
  const producer = {
    connect: async () => {
      calls.connect++;
      if (calls.connect <= failures) throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:19092');
    },
    send: async () => {
      calls.send++;
      return [];
    },
    disconnect: async () => {
      calls.disconnect++;
    },
  };
  return { producer: producer as unknown as Producer, calls };
}

describe('KafkaEventPublisher', () => {
  beforeEach(() => {
    lines.length = 0;
  });

  it('refuses to publish (503) until connected, connecting again after each failure', async () => {
    const { producer, calls } = producerFailing(2);
    const publisher = new KafkaEventPublisher(producer, 'events');
    const event = encodeEvent(makePlayEvent());
    await expect(publisher.publish([event])).rejects.toBeInstanceOf(PublishUnavailableError);
    await publisher.start(log);
    expect(calls.connect).toBe(3);
    expect(lines.filter((line) => line.includes('the collector answers 503 until it connects'))).toHaveLength(2);
    expect(lines.at(-1)).toContain('collector connected to Kafka');
    await publisher.publish([event]);
    expect(calls.send).toBe(1);
    await publisher.close();
    expect(calls.disconnect).toBe(1);
  });

  it('stops trying when closed', async () => {
    const { producer, calls } = producerFailing(Number.POSITIVE_INFINITY);
    const publisher = new KafkaEventPublisher(producer, 'events');
    const started = publisher.start(log);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await publisher.close();
    await started;
    expect(calls.connect).toBeLessThanOrEqual(2);
    expect(calls.disconnect).toBe(0);
  });
});
