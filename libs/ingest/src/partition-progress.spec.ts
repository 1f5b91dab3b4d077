import { ingestAppId } from '@music/tables';
import { PartitionProgress, resumeOffset } from './partition-progress';

describe('PartitionProgress', () => {
  it('turns the offsets of a batch into one txn claim per partition', () => {
    const progress = new PartitionProgress();
    progress.record('events', 0, '10');
    progress.record('events', 3, '0');
    progress.record('events', 0, '11');
    progress.record('events', 0, '15');
    progress.record('events', 3, '1');
    expect(progress.claims('g1')).toEqual([
      { appId: 'streaming-ingest:g1:events:0', version: 15, expectedVersion: 9 },
      { appId: 'streaming-ingest:g1:events:3', version: 1, expectedVersion: -1 },
    ]);
  });

  it('covers offsets re-read after a rebalance (out of order, repeated)', () => {
    const progress = new PartitionProgress();
    for (const offset of ['7', '8', '9', '7', '8', '9', '10']) progress.record('events', 1, offset);
    expect(progress.claims('g')).toEqual([{ appId: 'streaming-ingest:g:events:1', version: 10, expectedVersion: 6 }]);
  });

  it('resumes after the last written offset', () => {
    expect(resumeOffset(undefined)).toBeUndefined();
    expect(resumeOffset(41)).toBe('42');
    expect(ingestAppId('g', 't', 2)).toBe('streaming-ingest:g:t:2');
  });
});
