import { retentionGap } from './retention-gap';

describe('retentionGap', () => {
  it('is the offsets from the expected one up to the log start, when the log start moved past them', () => {
    expect(retentionGap(3, 100n, 150n, 150n)).toEqual({ partition: 3, from: 100n, to: 150n, records: 50n });
  });

  it('stops at the first record seen when the log start is further still (that record was read)', () => {
    expect(retentionGap(0, 10n, 12n, 40n)).toEqual({ partition: 0, from: 10n, to: 12n, records: 2n });
  });

  it('is nothing when the records continue where expected, or when the jump is over offsets the log still holds', () => {
    expect(retentionGap(1, 100n, 100n, 0n)).toBeUndefined();
    expect(retentionGap(1, 100n, 100n, 100n)).toBeUndefined();
    // Transaction markers or compaction: the log start is not past the expected offset.
    expect(retentionGap(1, 100n, 103n, 90n)).toBeUndefined();
    expect(retentionGap(1, 100n, 103n, 100n)).toBeUndefined();
  });

  it('counts only the part below the log start when a jump spans both', () => {
    expect(retentionGap(2, 100n, 130n, 120n)).toEqual({ partition: 2, from: 100n, to: 120n, records: 20n });
  });
});
