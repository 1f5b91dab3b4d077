export { ensureTopics, retryWhileNotReady, type EnsureTopicsOptions, type KafkaRetryOptions, type TopicAdmin } from './kafka-topics';
