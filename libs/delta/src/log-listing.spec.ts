import { InvalidDeltaLogError, TableNotFoundError, VersionNotFoundError } from './delta-errors';
import { classifyLogEntries, commitKey, selectLogSegment } from './log-listing';

function entries(...names: string[]) {
  return names.map((name, index) => ({ key: `_delta_log/${name}`, size: 10, lastModified: 1000 + index }));
}

const v = (version: number) => String(version).padStart(20, '0');

describe('classifyLogEntries', () => {
  it('recognises commits and every checkpoint naming scheme, and ignores the rest', () => {
    const listing = classifyLogEntries(
      entries(
        `${v(0)}.json`,
        `${v(0)}.crc`,
        `${v(1)}.json`,
        `${v(1)}.checkpoint.parquet`,
        `${v(2)}.checkpoint.0000000001.0000000002.parquet`,
        `${v(2)}.checkpoint.0000000002.0000000002.parquet`,
        `${v(3)}.checkpoint.0000000001.0000000002.parquet`,
        `${v(4)}.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json`,
        `${v(0)}.${v(1)}.compacted.json`,
        '_last_checkpoint',
        `_sidecars/3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet`,
        `_staged_commits/${v(5)}.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json`,
      ),
    );
    expect(listing.commits.map((commit) => commit.version)).toEqual([0, 1]);
    // The multi-part checkpoint at 3 misses its second part: it does not count.
    expect(listing.checkpoints.map((checkpoint) => [checkpoint.version, checkpoint.kind, checkpoint.files.length])).toEqual([
      [1, 'classic', 1],
      [2, 'multi-part', 2],
      [4, 'uuid-named', 1],
    ]);
  });
});

describe('selectLogSegment', () => {
  const listing = classifyLogEntries(entries(...[0, 1, 2, 3, 4, 5].map((version) => `${v(version)}.json`), `${v(2)}.checkpoint.parquet`, `${v(4)}.checkpoint.parquet`));

  it('uses the newest checkpoint at or below the target and the commits after it', () => {
    const latest = selectLogSegment('t', listing);
    expect([latest.version, latest.checkpoint?.version, latest.commits.map((commit) => commit.version)]).toEqual([5, 4, [5]]);
    const three = selectLogSegment('t', listing, 3);
    expect([three.checkpoint?.version, three.commits.map((commit) => commit.version)]).toEqual([2, [3]]);
    const one = selectLogSegment('t', listing, 1);
    expect([one.checkpoint, one.commits.map((commit) => commit.version)]).toEqual([undefined, [0, 1]]);
  });

  it('rejects versions beyond the latest, gaps, and empty logs', () => {
    expect(() => selectLogSegment('t', listing, 6)).toThrow(VersionNotFoundError);
    expect(() => selectLogSegment('t', listing, -1)).toThrow(VersionNotFoundError);
    const gap = classifyLogEntries(entries(`${v(0)}.json`, `${v(2)}.json`));
    expect(() => selectLogSegment('t', gap)).toThrow(InvalidDeltaLogError);
    expect(() => selectLogSegment('t', gap)).toThrow(`${commitKey(1)}: missing commit`);
    expect(() => selectLogSegment('t', classifyLogEntries([]))).toThrow(TableNotFoundError);
  });

  it('cannot go below the oldest checkpoint once early commits are gone', () => {
    const cleaned = classifyLogEntries(entries(`${v(5)}.checkpoint.parquet`, `${v(5)}.json`, `${v(6)}.json`));
    expect(selectLogSegment('t', cleaned).version).toBe(6);
    expect(() => selectLogSegment('t', cleaned, 4)).toThrow(/version 4 cannot be reconstructed/);
  });
});
