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

  it('reads maintain, its settings left to the configuration when not given', () => {
    expect(parseBatchArgs(['maintain'])).toEqual({ kind: 'maintain', minFiles: undefined, retentionHours: undefined, force: false, logRetentionHours: undefined });
    expect(parseBatchArgs(['maintain', '--min-files', '10', '--retention-hours', '0', '--force', '--log-retention-hours', '48'])).toEqual({
      kind: 'maintain',
      minFiles: 10,
      retentionHours: 0,
      force: true,
      logRetentionHours: 48,
    });
  });

  it('reads properties: show, set KEY=VALUE pairs (a value may hold =), or unset keys', () => {
    expect(parseBatchArgs(['properties', 'bronze_listening_events'])).toEqual({ kind: 'properties', table: 'bronze_listening_events', request: { kind: 'show' } });
    expect(parseBatchArgs(['properties', 'silver_listening_events', 'delta.logRetentionDuration=interval 3 days', 'note=a=b'])).toEqual({
      kind: 'properties',
      table: 'silver_listening_events',
      request: { kind: 'set', properties: { 'delta.logRetentionDuration': 'interval 3 days', note: 'a=b' } },
    });
    expect(parseBatchArgs(['properties', 'bronze_quarantine', '--unset', 'owner', '--unset', 'note'])).toEqual({
      kind: 'properties',
      table: 'bronze_quarantine',
      request: { kind: 'unset', keys: ['owner', 'note'] },
    });
  });

  it.each([
    [['properties'], 'properties needs a table name (see catalog)'],
    [['properties', 't', 'owner'], 'expected KEY=VALUE, got "owner"'],
    [['properties', 't', '=x'], 'expected KEY=VALUE, got "=x"'],
    [['properties', 't', 'a=b', '--unset', 'c'], 'not both at once'],
    [['maintain', '--unset', 'c'], '--unset belongs to the properties command'],
    [['erase'], 'erase needs --user ID'],
    [['--watch', 'soon'], '--watch expects a number >= 0, got "soon"'],
    [['--watch', '0'], '--watch expects a number of seconds > 0'],
    [['explode'], 'unknown command "explode"; expected run, catalog, properties, erase or maintain'],
    [['maintain', '--min-files', '1'], '--min-files expects a whole number >= 2, got "1"'],
    [['maintain', '--min-files', '2.5'], '--min-files expects a whole number >= 2, got "2.5"'],
    [['maintain', '--log-retention-hours', 'soon'], '--log-retention-hours expects a number >= 0, got "soon"'],
    [['--fast'], "Unknown option '--fast'"],
    [['catalog', 'extra'], 'unexpected argument "extra"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBatchArgs(argv)).toThrow(BatchUsageError);
    expect(() => parseBatchArgs(argv)).toThrow(message);
  });
});
