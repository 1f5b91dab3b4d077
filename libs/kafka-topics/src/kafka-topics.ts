import type { Logger } from '@music/logger';
import type { Admin } from 'kafkajs';

/** What ensureTopics needs of a kafkajs Admin. */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'fetchTopicOffsets'>;

export type TopicsMetadata = Awaited<ReturnType<Admin['fetchTopicMetadata']>>;

export interface KafkaRetryOptions {
  log: Logger;
  /** How long Kafka may keep answering "not yet" (default 60 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface EnsureTopicsOptions extends KafkaRetryOptions {
  /** Partitions of a topic this call creates (an existing topic keeps its own). */
  partitions: number;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/** Errors a broker answers while a topic, or a partition's leader, is still being set up (kafkajs marks them retriable). */
function isNotReadyYet(error: unknown): boolean {
  const { type, retriable } = (error ?? {}) as { type?: unknown; retriable?: unknown };
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE' || retriable === true;
}

/** Why the metadata does not show every topic with a leader on every partition yet; undefined when it does. */
function notReadyReason(topics: readonly string[], metadata: TopicsMetadata): string | undefined {
  const byName = new Map(metadata.topics.map((topic) => [topic.name, topic]));
  for (const name of topics) {
    const topic = byName.get(name);
    if (!topic || topic.partitions.length === 0) return `topic ${name} has no partitions yet`;
    const leaderless = topic.partitions.filter((partition) => partition.leader < 0 || partition.partitionErrorCode !== 0).map((partition) => partition.partitionId);
    if (leaderless.length > 0) return `topic ${name} has no leader yet for partitions ${leaderless.join(', ')}`;
  }
  return undefined;
}

/** The metadata does not show every topic with a leader on every partition yet: "not yet", like the broker's own answers. */
class TopicsNotReadyError extends Error {
  readonly retriable = true;
}

/**
 * Creates the topics that do not exist and waits until the broker serves each with a leader for
 * every partition, retrying with backoff until `timeoutMs` while the broker answers "not yet".
 * On a fresh broker, or when another client (the producer) creates a topic at the same moment,
 * the metadata lags the creation: kafkajs's own wait for leaders then fails with
 * UNKNOWN_TOPIC_OR_PARTITION, and so does a consumer subscribing at once. So the creation does
 * not wait, and each attempt lists, creates what is still missing, and reads the metadata and the
 * offsets, until every partition has a leader that answers for its offsets. Any other error is
 * thrown at once. Returns the topics' metadata as last read (an existing topic keeps its own
 * partitions, which the caller may want to check).
 */
export async function ensureTopics(admin: TopicAdmin, topics: readonly string[], options: EnsureTopicsOptions): Promise<TopicsMetadata> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (isNotReadyYet(error)) throw error;
      throw new Error(`could not ${name} topics ${topics.join(', ')}`, { cause: error });
    }
  };
  const attempt = async () => {
    const existing = new Set(await step('create', () => admin.listTopics()));
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      const created = await step('create', () => admin.createTopics({ waitForLeaders: false, topics: missing.map((topic) => ({ topic, numPartitions: options.partitions, replicationFactor: 1 })) }));
      options.log.info({ topics: missing, created }, created ? 'created the missing topics' : 'the missing topics were created meanwhile by another client');
    }
    const metadata = await step('read the metadata of', () => admin.fetchTopicMetadata({ topics: [...topics] }));
    const reason = notReadyReason(topics, metadata);
    if (reason !== undefined) throw new TopicsNotReadyError(reason);
    // A leader in the metadata may still refuse ListOffsets (NOT_LEADER_FOR_PARTITION) for a moment.
    for (const topic of topics) await step('read the offsets of', () => admin.fetchTopicOffsets(topic));
    return metadata;
  };
  try {
    return await retryWhileNotReady('waiting for the topics to be ready', attempt, { ...options, timeoutMs, fields: { topics } });
  } catch (error) {
    if (!isNotReadyYet(error)) throw error;
    throw new Error(`Kafka topics ${topics.join(', ')} were not ready within ${timeoutMs} ms: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs `work` until it succeeds, again after each "not yet" answer (see isNotReadyYet), logging
 * `waiting` with the reason, after 100 ms, then twice as long each time up to 2 s, for at most
 * `timeoutMs`; any other error, or the last "not yet" after the timeout, is thrown.
 */
export async function retryWhileNotReady<T>(waiting: string, work: () => Promise<T>, options: KafkaRetryOptions & { fields?: Record<string, unknown> }): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 60_000);
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      return await work();
    } catch (error) {
      if (!isNotReadyYet(error) || now() >= deadline) throw error;
      options.log.info({ ...options.fields, reason: error instanceof Error ? error.message : String(error), retryInMs: delay }, waiting);
      await sleep(delay);
    }
  }
}
