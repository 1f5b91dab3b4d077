import { z } from 'zod';
import { defineConfig, hostPortList, logLevel, positiveInt } from '@music/config';
import { COMPRESSION_CODECS } from './event-sink';

export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** Kafka's rule for topic names. */
export const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** The producer's environment; every CLI flag of the same meaning overrides it. */
export const producerConfigSchema = z.object({
  KAFKA_BROKERS: hostPortList('127.0.0.1:19092').describe('Kafka bootstrap servers, host:port[,host:port…] (flag --brokers).'),
  PRODUCER_TOPIC: z
    .string()
    .regex(TOPIC_NAME, 'expected a Kafka topic name (letters, digits, . _ -; at most 249)')
    .default('listening-events')
    .describe('Topic the events are produced to (flag --topic).'),
  PRODUCER_PARTITIONS: positiveInt(6).describe('Partitions when the producer creates the topic (flag --partitions).'),
  PRODUCER_CLIENT: z
    .enum(KAFKA_CLIENTS, { error: `expected one of ${KAFKA_CLIENTS.join(', ')}` })
    .default('platformatic')
    .describe('Kafka client library (flag --client); see docs/decisions/0003.'),
  PRODUCER_COMPRESSION: z
    .enum(COMPRESSION_CODECS, { error: `expected one of ${COMPRESSION_CODECS.join(', ')}` })
    .default('none')
    .describe('Record batch compression (flag --compression).'),
  PRODUCER_BATCH_SIZE: positiveInt(4_000).describe("Records per Kafka request; with 6 partitions, 4,000 events stay well under a broker's 1 MB batch limit."),
  PRODUCER_RETRIES: z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(100, 'expected at most 100')
    .default(5)
    .describe('Attempts after the first, when connecting and for each batch, with exponential backoff.'),
  PRODUCER_RETRY_INITIAL_MS: positiveInt(300).describe('First backoff delay, milliseconds.'),
  PRODUCER_RETRY_MAX_MS: positiveInt(10_000).describe('Longest backoff delay, milliseconds.'),
  PRODUCER_CONNECT_TIMEOUT_MS: positiveInt(3_000).describe('Broker connection timeout, milliseconds.'),
  PRODUCER_REQUEST_TIMEOUT_MS: positiveInt(30_000).describe('Produce request timeout, milliseconds.'),
  PRODUCER_SEED: z.string().min(1, 'expected a non-empty seed').default('music').describe('Seed of every random choice of the simulator (flag --seed).'),
  LOG_LEVEL: logLevel,
});

export const loadProducerConfig = defineConfig('producer', producerConfigSchema);

export type ProducerConfig = ReturnType<typeof loadProducerConfig>;
