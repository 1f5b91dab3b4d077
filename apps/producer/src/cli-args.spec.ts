import { HELP, parseCliArgs, UsageError } from './cli-args';
import { loadProducerConfig } from './producer-config';

const NOW = Date.UTC(2026, 10, 24, 12);
const config = loadProducerConfig({});
const parse = (...argv: string[]) => parseCliArgs(argv, config, NOW);
const settings = (...argv: string[]) => {
  const command = parse(...argv);
  if (command.kind !== 'run') throw new Error('expected a run command');
  return command.settings;
};

describe('parseCliArgs', () => {
  it('asks for help with --help or -h, and the help lists every option', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('-h', '--count', '5')).toEqual({ kind: 'help' });
    for (const flag of ['--rate', '--count', '--duration', '--users', '--artists', '--tracks', '--seed', '--from', '--to', '--brokers', '--topic', '--partitions', '--bad-ratio', '--out', '--manifest', '--summary', '--client', '--compression', '--batch-size']) {
      expect(HELP).toContain(flag);
    }
  });

  it('runs live at 100 records/s against the configured Kafka by default', () => {
    expect(settings()).toEqual({
      mode: 'live',
      rate: 100,
      count: undefined,
      durationMs: undefined,
      fromMs: undefined,
      toMs: undefined,
      users: 100_000,
      artists: undefined,
      tracks: undefined,
      seed: 'music',
      badRatio: 0,
      out: undefined,
      manifest: undefined,
      summary: undefined,
      brokers: ['127.0.0.1:19092'],
      topic: 'listening-events',
      partitions: 6,
      client: 'platformatic',
      compression: 'none',
      batchSize: 4000,
    });
  });

  it('sizes the live population to the rate unless --users is given', () => {
    expect(settings('--rate', '5').users).toBe(10_000);
    expect(settings('--rate', '250').users).toBe(250_000);
    expect(settings('--rate', '50000').users).toBe(1_000_000);
    expect(settings('--rate', '250', '--users', '42').users).toBe(42);
    expect(settings('--from', '2025-01-06').users).toBeUndefined();
  });

  it('takes defaults from the environment and lets flags override them', () => {
    const fromEnv = loadProducerConfig({ KAFKA_BROKERS: 'k1:9092,k2:9092', PRODUCER_TOPIC: 'env-topic', PRODUCER_CLIENT: 'platformatic', PRODUCER_SEED: 'env-seed', PRODUCER_COMPRESSION: 'gzip' });
    const command = parseCliArgs([], fromEnv, NOW);
    expect(command).toMatchObject({ settings: { brokers: ['k1:9092', 'k2:9092'], topic: 'env-topic', client: 'platformatic', seed: 'env-seed', compression: 'gzip' } });
    const overridden = parseCliArgs(['--brokers', 'b:1', '--topic', 'flag-topic', '--client', 'kafkajs', '--seed', 's', '--compression', 'none'], fromEnv, NOW);
    expect(overridden).toMatchObject({ settings: { brokers: ['b:1'], topic: 'flag-topic', client: 'kafkajs', seed: 's', compression: 'none' } });
  });

  it('parses every value flag', () => {
    expect(
      settings('--rate', '2500.5', '--count', '1000', '--duration', '90s', '--users', '50', '--artists', '10', '--tracks', '100', '--bad-ratio', '0.05', '--out', '-', '--manifest', 'm.json', '--summary', 's.json', '--partitions', '3', '--batch-size', '500'),
    ).toMatchObject({ rate: 2500.5, count: 1000, durationMs: 90_000, users: 50, artists: 10, tracks: 100, badRatio: 0.05, out: '-', manifest: 'm.json', summary: 's.json', partitions: 3, batchSize: 500 });
  });

  it.each([
    ['500ms', 500],
    ['30', 30_000],
    ['30s', 30_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('reads --duration %s as %d ms', (text, ms) => {
    expect(settings('--duration', text).durationMs).toBe(ms);
  });

  it('backfills from --from to --to, or to now, as fast as possible unless --rate is given', () => {
    expect(settings('--from', '2025-01-06', '--to', '2025-01-07T12:00:00Z')).toMatchObject({ mode: 'backfill', rate: 'unlimited', fromMs: Date.UTC(2025, 0, 6), toMs: Date.UTC(2025, 0, 7, 12) });
    expect(settings('--from', '2025-01-06')).toMatchObject({ toMs: NOW });
    expect(settings('--from', '2025-01-06', '--rate', '5000').rate).toBe(5000);
    expect(settings('--from', '2025-01-06', '--rate', 'unlimited').rate).toBe('unlimited');
  });

  it.each([
    [['--rate', 'fast'], '--rate expects a number of records per second > 0, or unlimited (got "fast")'],
    [['--rate', '0'], '--rate expects'],
    [['--rate', 'unlimited'], '--rate unlimited needs --from'],
    [['--to', '2025-01-07'], '--to needs --from'],
    [['--from', '2025-01-07', '--to', '2025-01-06'], '--to (2025-01-06T00:00:00.000Z) must be after --from (2025-01-07T00:00:00.000Z)'],
    [['--from', '2025-01-07', '--to', '2030-01-01'], 'more than 1 hour in the future'],
    [['--from', 'yesterday'], '--from expects an ISO 8601 date'],
    [['--from', '1999-12-31'], '--from must not be before 2000-01-01'],
    [['--count=-3'], '--count expects a whole number'],
    [['--count', '0'], '--count must be from 1'],
    [['--duration', '5 minutes'], '--duration expects a duration'],
    [['--users', '1.5'], '--users expects a whole number'],
    [['--bad-ratio', '1'], '--bad-ratio expects a number from 0 to below 1'],
    [['--brokers', 'localhost'], '--brokers expects host:port'],
    [['--topic', 'bad topic'], '--topic expects a Kafka topic name'],
    [['--client', 'rdkafka'], '--client expects one of kafkajs, platformatic'],
    [['--compression', 'lz4'], '--compression expects one of none, gzip'],
    [['--nope'], "Unknown option '--nope'"],
    [['stray'], 'stray'],
    [['--count'], "Option '--count <value>' argument missing"],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });
});
