import { parseDemoArgs } from './demo-args';
import { historyPace, lakeEnv, planDemo, servicesFor, type DemoPaths } from './demo-plan';
import type { DemoState } from './demo-state';

const paths: DemoPaths = { root: '/repo', demoDir: '/repo/.run/demo/local', tsx: '/repo/node_modules/.bin/tsx', next: '/repo/node_modules/.bin/next' };
const state: DemoState = { id: 'ab12cd34', topic: 'demo-events-ab12cd34', createdAt: '2026-12-06T00:00:00.000Z', backfill: null };
const optionsOf = (argv: string[]) => {
  const command = parseDemoArgs(argv);
  if (command.kind !== 'run') throw new Error('expected run');
  return command.options;
};
const endpoints = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  S3_ENDPOINT: 'http://127.0.0.1:19000',
  S3_ACCESS_KEY_ID: 'minio',
  S3_SECRET_ACCESS_KEY: 'secret',
  S3_BUCKET: 'lake',
  HDFS_URL: 'hdfs://127.0.0.1:19820',
  WEBHDFS_URL: 'http://127.0.0.1:19870',
  HDFS_USER: 'music',
};
const window = { from: new Date('2026-11-29T10:00:00Z'), to: new Date('2026-12-06T10:00:00Z') };

describe('planDemo', () => {
  const plan = planDemo({ options: optionsOf([]), state, paths, baseEnv: { PATH: '/bin' }, endpoints, backfill: window });
  const byName = Object.fromEntries([...plan.services, plan.liveProducer(0.47)].map((s) => [s.name, s]));

  it('starts ingest first, and the API and dashboard last; the live producer comes apart, once its pace is known', () => {
    expect(plan.services.map((s) => s.name)).toEqual(['streaming-ingest', 'batch-metrics', 'api', 'dashboard']);
    expect(plan.liveProducer(20).args.slice(-2)).toEqual(['--rate', '20']);
  });

  it('paces live events like the backfilled history, so that today continues it', () => {
    // 14 days of 2,000 listeners: 569,023 events, 0.47 a second.
    expect(historyPace({ from: '2026-11-22T20:01:01.525Z', to: '2026-12-06T20:01:01.525Z', events: 569_023 })).toBe(0.47);
    expect(historyPace({ from: '2026-12-05T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z', events: 8_640_000 })).toBe(100);
    // An empty or instant history still lets a trickle of live events through.
    expect(historyPace({ from: '2026-12-06T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z', events: 0 })).toBe(0.01);
  });

  it('points every program at the same topic, brokers and lake', () => {
    expect(byName['streaming-ingest']?.env).toMatchObject({ INGEST_TOPIC: state.topic, INGEST_DLQ_TOPIC: `${state.topic}.dlq`, KAFKA_BROKERS: '127.0.0.1:19092', LAKE_URI: 'file:///repo/.run/demo/local/lake' });
    expect(byName['live-producer']?.args).toEqual(expect.arrayContaining(['--topic', state.topic, '--brokers', '127.0.0.1:19092', '--rate', '0.47']));
    // The same simulated world before and after "now".
    expect(byName['live-producer']?.args).toEqual(expect.arrayContaining(['--seed', 'demo-ab12cd34', '--users', '2000']));
    // A few malformed records of every kind, for the dead-letter path to show on the pipeline page.
    expect(byName['live-producer']?.args).toEqual(expect.arrayContaining(['--bad-ratio', '0.001']));
    expect(plan.backfill?.args).toEqual(expect.arrayContaining(['--bad-ratio', '0.001']));
    expect(byName['batch-metrics']?.args.slice(1)).toEqual(['run', '--watch', '5']);
    // The ingest runs with the young generation its batches need, as `npm run ingest` does.
    expect(byName['streaming-ingest']?.args).toEqual(['--max-semi-space-size=64', '/repo/apps/streaming-ingest/src/main.ts']);
    expect(byName['batch-metrics']?.env.LAKE_URI).toBe('file:///repo/.run/demo/local/lake');
    expect(byName.api?.env).toMatchObject({ API_PORT: '3001', COLLECTOR_TOPIC: state.topic, LAKE_URI: 'file:///repo/.run/demo/local/lake' });
    // The API measures bronze's lag for the group the ingest runs in.
    expect(byName.api?.env['INGEST_GROUP']).toBe(byName['streaming-ingest']?.env['INGEST_GROUP']);
    // sha256("demo-ab12cd34"), as `npm run api -- hash-key demo-ab12cd34` prints it.
    expect(plan.collectorKey).toBe('demo-ab12cd34');
    expect(byName.api?.env.COLLECTOR_API_KEY_HASHES).toBe('18918f2826869ef111dbc623c8794434ee8bf9d61f155daec457b7415da73eb5');
    expect(byName.dashboard?.env).toMatchObject({ API_URL: 'http://127.0.0.1:3001', DASHBOARD_HOST: '127.0.0.1', DASHBOARD_PORT: '3000' });
    expect(byName.dashboard?.args).toEqual(['/repo/apps/dashboard/src/main.ts']);
  });

  it('backfills the window with a seed of its own and a summary to check delivery', () => {
    expect(plan.backfill?.args).toEqual(
      expect.arrayContaining(['--from', '2026-11-29T10:00:00.000Z', '--to', '2026-12-06T10:00:00.000Z', '--users', '2000', '--seed', 'demo-ab12cd34', '--summary', '/repo/.run/demo/local/backfill-summary.json']),
    );
    expect(planDemo({ options: optionsOf([]), state, paths, baseEnv: {}, endpoints, backfill: null }).backfill).toBeNull();
  });

  it('logs each program to its own file', () => {
    expect(new Set(plan.services.map((s) => s.logFile)).size).toBe(plan.services.length);
    expect(byName.api?.logFile).toBe('/repo/.run/demo/local/logs/api.log');
  });

  it('needs a broker', () => {
    expect(() => planDemo({ options: optionsOf([]), state, paths, baseEnv: {}, endpoints: {}, backfill: null })).toThrow(/KAFKA_BROKERS.*npm run infra:status/);
  });
});

describe('lakeEnv', () => {
  it('puts a MinIO or HDFS lake under a folder of its own, with the credentials', () => {
    expect(lakeEnv('minio', state, endpoints, paths)).toEqual({
      LAKE_URI: 's3://lake/demo-ab12cd34',
      S3_ENDPOINT: 'http://127.0.0.1:19000',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(lakeEnv('hdfs', state, endpoints, paths)).toEqual({ LAKE_URI: 'hdfs://127.0.0.1:19820/demo-ab12cd34', WEBHDFS_URL: 'http://127.0.0.1:19870', HDFS_USER: 'music' });
  });

  it('says which endpoint is missing', () => {
    expect(() => lakeEnv('minio', state, { KAFKA_BROKERS: 'x:1' }, paths)).toThrow(/no S3_BUCKET: is minio running/);
  });

  it('starts the storage service the lake needs', () => {
    expect(servicesFor('local')).toEqual(['kafka']);
    expect(servicesFor('minio')).toEqual(['kafka', 'minio']);
    expect(servicesFor('hdfs')).toEqual(['kafka', 'hdfs']);
  });
});
