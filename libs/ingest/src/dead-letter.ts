import type { ValidationIssue } from '@music/events';
import type { KafkaSource } from '@music/tables';

/** A rejected record for the dead-letter topic: original bytes and headers, plus why and whence. */
export interface DeadLetterRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * The dead-letter topic is at-least-once (Kafka cannot join a Delta commit): a crash may resend a
 * record. `dlq-source` (topic/partition/offset) identifies it uniquely; the quarantine table is
 * the exactly-once record of rejections.
 */
export function toDeadLetter(
  original: { key: Buffer | null; value: Buffer | null; headers: Record<string, string> },
  issues: readonly ValidationIssue[],
  source: KafkaSource,
): DeadLetterRecord {
  const reason = issues.map((i) => i.message).join('; ');
  return {
    key: original.key,
    value: original.value,
    headers: {
      ...original.headers,
      'dlq-reason': reason.length > 2000 ? `${reason.slice(0, 2000)}…` : reason,
      'dlq-issues': JSON.stringify(issues).slice(0, 8000),
      'dlq-source': `${source.topic}/${source.partition}/${source.offset}`,
      'dlq-source-topic': source.topic,
      'dlq-source-partition': String(source.partition),
      'dlq-source-offset': source.offset,
    },
  };
}

export interface DeadLetterSink {
  send(records: readonly DeadLetterRecord[]): Promise<void>;
}
