/**
 * Where bronze stands in Kafka: the ingest commits, with every batch, one `txn` action per
 * (consumer group, topic, partition) whose version is the last offset written (valid or not:
 * rejected records move bronze's txn too). Readers use it to resume (the ingest) or to measure
 * how far bronze is behind the topic (the API).
 */
export function ingestAppId(group: string, topic: string, partition: number): string {
  return `streaming-ingest:${group}:${topic}:${partition}`;
}

/** The offset the ingest resumes a partition at: the txn version + 1, or undefined when it never wrote it. */
export function bronzeNextOffset(txns: ReadonlyMap<string, { version: number }>, group: string, topic: string, partition: number): number | undefined {
  const txn = txns.get(ingestAppId(group, topic, partition));
  return txn === undefined ? undefined : txn.version + 1;
}
