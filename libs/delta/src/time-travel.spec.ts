import { classifyLogEntries } from './log-listing';
import { commitTimes } from './time-travel';

describe('commitTimes', () => {
  it('makes commit times strictly increasing with the version', () => {
    const listing = classifyLogEntries(
      [1000, 900, 900, 2000].map((lastModified, version) => ({ key: `_delta_log/${String(version).padStart(20, '0')}.json`, size: 1, lastModified })),
    );
    expect(commitTimes(listing)).toEqual([
      { version: 0, timestamp: 1000 },
      { version: 1, timestamp: 1001 },
      { version: 2, timestamp: 1002 },
      { version: 3, timestamp: 2000 },
    ]);
  });
});
