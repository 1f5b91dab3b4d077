import { BatchUsageError, parseBatchArgs } from './cli-args';

describe('parseBatchArgs', () => {
  it('defaults to an incremental run', () => {
    expect(parseBatchArgs([])).toEqual({ kind: 'run', full: false, watchSeconds: undefined });
    expect(parseBatchArgs(['run', '--full'])).toEqual({ kind: 'run', full: true, watchSeconds: undefined });
    expect(parseBatchArgs(['--watch', '15'])).toEqual({ kind: 'run', full: false, watchSeconds: 15 });
  });

  it('takes BATCH_WATCH_SECONDS when --watch has no value', () => {
    expect(parseBatchArgs(['run', '--watch'], { watchSeconds: 12 })).toEqual({ kind: 'run', full: false, watchSeconds: 12 });
    expect(parseBatchArgs(['--watch', '--full'], { watchSeconds: 12 })).toEqual({ kind: 'run', full: true, watchSeconds: 12 });
  });

  it('reads catalog and erase', () => {
    expect(parseBatchArgs(['catalog', '--json'])).toEqual({ kind: 'catalog', json: true });
    expect(parseBatchArgs(['erase', '--user', 'u-1', '--retention-hours', '0', '--force'])).toEqual({ kind: 'erase', userId: 'u-1', retentionHours: 0, force: true });
    expect(parseBatchArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['erase'], 'erase needs --user ID'],
    [['--watch', 'soon'], '--watch expects a number >= 0, got "soon"'],
    [['--watch', '0'], '--watch expects a number of seconds > 0'],
    [['explode'], 'unknown command "explode"'],
    [['--fast'], "Unknown option '--fast'"],
    [['catalog', 'extra'], 'unexpected argument "extra"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBatchArgs(argv)).toThrow(BatchUsageError);
    expect(() => parseBatchArgs(argv)).toThrow(message);
  });
});
