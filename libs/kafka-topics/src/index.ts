export { ensureTopics, retryWhileNotReady, type EnsureTopicsOptions, type KafkaRetryOptions, type TopicAdmin, type TopicsMetadata } from './kafka-topics';
