import type { Logger } from '@music/logger';
import type { CompressionCodec } from './event-sink';

/** What every Kafka adapter needs; the values come from the environment and the CLI. */
export interface KafkaSinkSettings {
  brokers: readonly string[];
  topic: string;
  /** Partitions of the topic when this producer creates it. */
  partitions: number;
  compression: CompressionCodec;
  clientId: string;
  /** Attempts after the first one, for connecting and for each batch. */
  retries: number;
  retryInitialMs: number;
  retryMaxMs: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  logger: Logger;
}

/** Names the cluster, the topic and how hard the client tried, in every delivery error. */
export function onKafka(settings: KafkaSinkSettings, what: string): string {
  return `${what} on Kafka brokers ${settings.brokers.join(',')} (topic ${settings.topic}; the client retried up to ${settings.retries} times)`;
}

/** The same, with the usual remedy when the cluster could not even be reached. */
export function brokersUnreachable(settings: KafkaSinkSettings, what: string): string {
  return `${onKafka(settings, what)}; check that the brokers are up and reachable (KAFKA_BROKERS or --brokers)`;
}
