import { parseArgs, UsageError } from './cli-args';

describe('parseArgs', () => {
  it('shows help with no arguments or -h/--help', () => {
    expect(parseArgs([])).toEqual({ kind: 'help' });
    expect(parseArgs(['up', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('defaults to every service, in start order', () => {
    expect(parseArgs(['up'])).toEqual({ kind: 'up', services: ['kafka', 'minio', 'hdfs'] });
    expect(parseArgs(['down', 'hdfs', 'kafka'])).toEqual({ kind: 'down', services: ['kafka', 'hdfs'] });
  });

  it('splits `with` at --', () => {
    expect(parseArgs(['with', 'kafka', '--', 'npx', 'jest', '--ci'])).toEqual({
      kind: 'with',
      services: ['kafka'],
      command: ['npx', 'jest', '--ci'],
    });
  });

  it('resets only the services named', () => {
    expect(parseArgs(['reset', 'minio', 'kafka'])).toEqual({ kind: 'reset', services: ['kafka', 'minio'] });
    expect(() => parseArgs(['reset'])).toThrow('`reset` deletes data: name the services to reset (kafka, minio, hdfs).');
  });

  it('passes kafka-tool arguments through', () => {
    expect(parseArgs(['kafka-tool', 'producer-perf', '--', '--num-records', '10'])).toEqual({
      kind: 'kafka-tool',
      tool: 'producer-perf',
      args: ['--num-records', '10'],
    });
  });

  it.each([
    [['kafka-tool'], /takes one tool name/],
    [['up', 'kafak'], /Unknown service "kafak"; expected kafka, minio, hdfs/],
    [['start'], /Unknown command "start"/],
    [['up', '--force'], /Unknown option "--force"/],
    [['with', 'kafka'], /needs a command after `--`/],
    [['logs'], /exactly one service/],
    [['status', 'kafka'], /takes no arguments/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
