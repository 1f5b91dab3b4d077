import { ingestAppId, PartitionProgress, resumeOffset } from './partition-progress';

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

  it('refuses offsets going backwards within a batch (a replay must start a new batch)', () => {
    const progress = new PartitionProgress();
    progress.record('events', 1, '7');
    expect(() => progress.record('events', 1, '7')).toThrow('offset 7 of events[1] arrived after 7');
  });

  it('resumes after the last written offset', () => {
    expect(resumeOffset(undefined)).toBeUndefined();
    expect(resumeOffset(41)).toBe('42');
    expect(ingestAppId('g', 't', 2)).toBe('streaming-ingest:g:t:2');
  });
});
