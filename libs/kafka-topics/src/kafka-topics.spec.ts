import { createLogger } from '@music/logger';
import { KafkaJSProtocolError, type Admin } from 'kafkajs';
import { ensureTopics, retryWhileNotReady, type TopicAdmin } from './kafka-topics';

type Metadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

const lines: Record<string, unknown>[] = [];
const log = createLogger({ name: 'kafka-topics-spec', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });

function partitions(leaders: readonly number[]) {
  return leaders.map((leader, partitionId) => ({ partitionId, leader, partitionErrorCode: leader < 0 ? 5 : 0, replicas: [1], isr: [1] }));
}

const ready = (...names: string[]): Metadata => ({ topics: names.map((name) => ({ name, partitions: partitions([1, 1, 1]) })) });
/** kafkajs builds its protocol errors from the broker's error code this way. */
const protocolError = (message: string, details: { type: string; code: number; retriable: boolean }) => new KafkaJSProtocolError(Object.assign(new Error(message), details));
const unknownTopic = () => protocolError('This server does not host this topic-partition', { type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true });

/**
 * An admin whose creations and metadata reads answer in turn (an Error is thrown; the last answer
 * repeats), recording what it is asked. A created topic is listed from then on.
 */
function fakeAdmin(existing: string[], metadata: (Metadata | Error)[], creations: (boolean | Error)[] = [true], offsets: (true | Error)[] = [true]) {
  const calls = { creates: [] as string[][], metadata: 0, offsets: 0 };
  const listed = [...existing];
  const answer = <T>(answers: readonly (T | Error)[], index: number): T => {
    const next = answers[Math.min(index, answers.length - 1)] as T | Error;
    if (next instanceof Error) throw next;
    return next;
  };
  const admin: TopicAdmin = {
    listTopics: async () => [...listed],
    createTopics: async (options) => {
      const topics = options.topics.map((topic) => topic.topic);
      const result = answer(creations, calls.creates.push(topics) - 1);
      listed.push(...topics);
      return result;
    },
    fetchTopicMetadata: async () => answer(metadata, calls.metadata++),
    fetchTopicOffsets: async () => {
      answer(offsets, calls.offsets++);
      return [{ partition: 0, offset: '0', high: '0', low: '0' }];
    },
  };
  return { admin, calls };
}

function clock() {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
}

beforeEach(() => {
  lines.length = 0;
});

describe('ensureTopics', () => {
  it('creates only the missing topics, and returns once each partition has a leader', async () => {
    const { admin, calls } = fakeAdmin(['events'], [ready('events', 'events.dlq')]);
    const time = clock();
    await ensureTopics(admin, ['events', 'events.dlq'], { partitions: 6, log, ...time });
    expect(calls.creates).toEqual([['events.dlq']]);
    expect(time.slept).toEqual([]);
  });

  it('waits, with backoff, while a topic another client created is not served yet', async () => {
    // The race of a fresh broker: kafkajs says "already exists" (false) and the metadata lags.
    const leaderless: Metadata = { topics: [{ name: 'events', partitions: partitions([1, -1, -1]) }] };
    const { admin, calls } = fakeAdmin([], [unknownTopic(), unknownTopic(), leaderless, ready('events')], [false]);
    const time = clock();
    await ensureTopics(admin, ['events'], { partitions: 6, log, ...time });
    expect(calls.metadata).toBe(4);
    expect(time.slept).toEqual([100, 200, 400]);
    expect(lines.map((line) => line['msg'])).toEqual([
      'the missing topics were created meanwhile by another client',
      'waiting for the topics to be ready',
      'waiting for the topics to be ready',
      'waiting for the topics to be ready',
    ]);
    expect(lines[3]?.['reason']).toBe('topic events has no leader yet for partitions 1, 2');
  });

  it('creates again, after a pause, when the creation met a broker not ready yet', async () => {
    // kafkajs's own wait for leaders fails this way on a fresh broker; here the creation does not wait.
    const { admin, calls } = fakeAdmin(['events'], [ready('events', 'events.dlq')], [unknownTopic(), true]);
    const time = clock();
    await ensureTopics(admin, ['events', 'events.dlq'], { partitions: 6, log, ...time });
    expect(calls.creates).toEqual([['events.dlq'], ['events.dlq']]);
    expect(time.slept).toEqual([100]);
  });

  it('throws at once a creation refused for good', async () => {
    const invalid = protocolError('Request parameters do not satisfy the configured policy', { type: 'POLICY_VIOLATION', code: 44, retriable: false });
    const { admin } = fakeAdmin([], [ready('events')], [invalid]);
    await expect(ensureTopics(admin, ['events'], { partitions: 6, log, ...clock() })).rejects.toMatchObject({ message: 'could not create topics events', cause: invalid });
  });

  it('gives up after the timeout, naming the topics and why', async () => {
    const { admin } = fakeAdmin(['events'], [unknownTopic()]);
    const time = clock();
    await expect(ensureTopics(admin, ['events'], { partitions: 6, log, timeoutMs: 5_000, ...time })).rejects.toThrow(
      'Kafka topics events were not ready within 5000 ms: This server does not host this topic-partition',
    );
    expect(time.slept).toEqual([100, 200, 400, 800, 1600, 2000]);
  });

  it('throws at once an error that does not mean "not yet"', async () => {
    const denied = protocolError('Not authorized to access topics', { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false });
    const { admin, calls } = fakeAdmin(['events'], [denied]);
    const time = clock();
    const failure = ensureTopics(admin, ['events'], { partitions: 6, log, ...time });
    await expect(failure).rejects.toThrow('could not read the metadata of topics events');
    await expect(failure).rejects.toMatchObject({ cause: denied });
    expect([calls.metadata, time.slept]).toEqual([1, []]);
  });

  it('waits for every leader to answer for its offsets, not only to be named in the metadata', async () => {
    const notLeader = protocolError('This server is not the leader for that topic-partition', { type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true });
    const { admin, calls } = fakeAdmin(['events', 'events.dlq'], [ready('events', 'events.dlq')], [true], [true, notLeader, true, true]);
    const time = clock();
    await ensureTopics(admin, ['events', 'events.dlq'], { partitions: 6, log, ...time });
    expect([calls.metadata, calls.offsets, time.slept]).toEqual([2, 4, [100]]);
    expect(lines.at(-1)?.['reason']).toBe('This server is not the leader for that topic-partition');
  });

  it('does not count a topic the metadata leaves out as ready', async () => {
    const { admin } = fakeAdmin(['events', 'events.dlq'], [ready('events')]);
    await expect(ensureTopics(admin, ['events', 'events.dlq'], { partitions: 6, log, timeoutMs: 0, ...clock() })).rejects.toThrow('topic events.dlq has no partitions yet');
  });
});

describe('retryWhileNotReady', () => {
  const notLeader = () => protocolError('This server is not the leader for that topic-partition', { type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true });

  it('runs the work again after each "not yet", with backoff, and returns its result', async () => {
    const answers: (string | Error)[] = [notLeader(), unknownTopic(), 'offsets'];
    const time = clock();
    const result = await retryWhileNotReady('reading offsets: Kafka is not ready yet, retrying', async () => {
      const next = answers.shift() as string | Error;
      if (next instanceof Error) throw next;
      return next;
    }, { log, ...time });
    expect([result, time.slept, answers]).toEqual(['offsets', [100, 200], []]);
    expect(lines.map((line) => line['msg'])).toEqual(['reading offsets: Kafka is not ready yet, retrying', 'reading offsets: Kafka is not ready yet, retrying']);
  });

  it('throws any other error at once, and the last "not yet" after the timeout', async () => {
    const denied = protocolError('Not authorized to access topics', { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false });
    await expect(retryWhileNotReady('x', () => Promise.reject(denied), { log, ...clock() })).rejects.toBe(denied);
    const time = clock();
    await expect(retryWhileNotReady('x', () => Promise.reject(notLeader()), { log, timeoutMs: 1_000, ...time })).rejects.toThrow('This server is not the leader for that topic-partition');
    expect(time.slept).toEqual([100, 200, 400, 800]);
  });
});
