import { parseDemoArgs, parseDuration, UsageError } from './demo-args';

const run = (argv: string[]) => {
  const command = parseDemoArgs(argv);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.options;
};

describe('parseDemoArgs', () => {
  it('defaults to the embedded local lake, two weeks of history and the usual ports', () => {
    expect(run([])).toEqual({
      storage: 'local',
      days: 14,
      users: 2000,
      rate: undefined,
      badRatio: 0.001,
      watchSeconds: 5,
      fresh: false,
      durationMs: undefined,
      ports: { dashboard: 3000, api: 3001, ingest: 9464 },
    });
  });

  it('reads every option', () => {
    expect(
      run(['--storage', 'minio', '--days', '2', '--users', '50', '--rate', '5', '--watch', '3', '--fresh', '--duration', '90s', '--dashboard-port', '4000', '--api-port', '4001', '--ingest-port', '4002']),
    ).toEqual({ storage: 'minio', days: 2, users: 50, rate: 5, badRatio: 0.001, watchSeconds: 3, fresh: true, durationMs: 90_000, ports: { dashboard: 4000, api: 4001, ingest: 4002 } });
  });

  it('answers --help', () => {
    expect(parseDemoArgs(['--rate', '0.5'])).toMatchObject({ options: { rate: 0.5 } });
    expect(parseDemoArgs(['--bad-ratio', '0'])).toMatchObject({ options: { badRatio: 0 } });
    expect(parseDemoArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseDemoArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--storage', 's3'], /--storage: expected local, minio or hdfs, got "s3"/],
    [['--days', '0'], /--days: expected a number > 0/],
    [['--rate', 'fast'], /--rate: expected a number/],
    [['--rate', '0'], /--rate: expected a number > 0/],
    [['--bad-ratio', '0.9'], /--bad-ratio: expected a share from 0 to 0.5/],
    [['--duration', '10'], /--duration: expected a number followed by ms, s, m or h \(e\.g\. 90s\), got "10"/],
    [['--api-port', '70000'], /--api-port: expected a port number <= 65535/],
    [['--api-port', '3000'], /must differ/],
    [['--nope'], /Unknown option '--nope'/],
    [['extra'], /positional/i],
  ])('rejects %j with a message naming the option', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(UsageError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
});
