import { ingestAppId } from '@music/tables';
import { consumerLag } from './consumer-lag';

describe('consumerLag', () => {
  const source = { topic: 'events', group: 'ingest' };
  const txn = (partition: number, version: number): [string, { version: number }] => [ingestAppId('ingest', 'events', partition), { version }];

  it('compares each partition end offset with where bronze resumes it (its txn + 1)', () => {
    const txns = new Map([txn(0, 41), txn(2, 99), [ingestAppId('other-group', 'events', 1), { version: 5 }]]);
    const lag = consumerLag(txns, source, [
      { partition: 2, low: 0, high: 100 },
      { partition: 0, low: 0, high: 50 },
      { partition: 1, low: 3, high: 9 },
    ]);
    expect(lag).toEqual({
      group: 'ingest',
      topic: 'events',
      total: 8 + 0 + 6,
      partitions: [
        { partition: 0, end_offset: 50, bronze_next_offset: 42, lag: 8 },
        // Another group's txn is not this group's progress: Kafka still holds 6 records for it.
        { partition: 1, end_offset: 9, bronze_next_offset: null, lag: 6 },
        { partition: 2, end_offset: 100, bronze_next_offset: 100, lag: 0 },
      ],
    });
  });

  it('never reports a negative lag (bronze past the end: the topic was recreated)', () => {
    expect(consumerLag(new Map([txn(0, 500)]), source, [{ partition: 0, low: 0, high: 10 }]).partitions[0]).toEqual({ partition: 0, end_offset: 10, bronze_next_offset: 501, lag: 0 });
  });
});
