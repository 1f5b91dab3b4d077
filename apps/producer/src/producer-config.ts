import { z } from 'zod';
import { defineConfig, hostPortList, logLevel, positiveInt } from '@music/config';
import { COMPRESSION_CODECS } from './event-sink';

export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** Kafka's rule for topic names. */
export const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** The producer's environment; every CLI flag of the same meaning overrides it. */
export const loadProducerConfig = defineConfig(
  'producer',
  z.object({
    KAFKA_BROKERS: hostPortList('127.0.0.1:19092'),
    PRODUCER_TOPIC: z.string().regex(TOPIC_NAME, 'expected a Kafka topic name (letters, digits, . _ -; at most 249)').default('listening-events'),
    PRODUCER_PARTITIONS: positiveInt(6),
    PRODUCER_CLIENT: z.enum(KAFKA_CLIENTS, { error: `expected one of ${KAFKA_CLIENTS.join(', ')}` }).default('platformatic'),
    PRODUCER_COMPRESSION: z.enum(COMPRESSION_CODECS, { error: `expected one of ${COMPRESSION_CODECS.join(', ')}` }).default('none'),
    /** Records per Kafka request; with 6 partitions, 4,000 events stay well under a broker's 1 MB batch limit. */
    PRODUCER_BATCH_SIZE: positiveInt(4_000),
    /** Attempts after the first, when connecting and for each batch, with exponential backoff. */
    PRODUCER_RETRIES: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(100, 'expected at most 100').default(5),
    PRODUCER_RETRY_INITIAL_MS: positiveInt(300),
    PRODUCER_RETRY_MAX_MS: positiveInt(10_000),
    PRODUCER_CONNECT_TIMEOUT_MS: positiveInt(3_000),
    PRODUCER_REQUEST_TIMEOUT_MS: positiveInt(30_000),
    PRODUCER_SEED: z.string().min(1, 'expected a non-empty seed').default('music'),
    LOG_LEVEL: logLevel,
  }),
);

export type ProducerConfig = ReturnType<typeof loadProducerConfig>;
