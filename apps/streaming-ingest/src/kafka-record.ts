import type { ConsumedRecord } from '@music/ingest';
import type { KafkaMessage } from 'kafkajs';

/** A kafkajs message as the ingest sees it; header values become strings (UTF-8). */
export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers };
}
