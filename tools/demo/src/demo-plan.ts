import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ChildSpec } from './child-processes';
import type { DemoOptions, Storage } from './demo-args';
import type { DemoState } from './demo-state';

/** Where things are: the repository root, this storage's demo folder, the tools to run. */
export interface DemoPaths {
  root: string;
  demoDir: string;
  tsx: string;
  next: string;
}

/** Services the infra CLI starts for a storage. */
export function servicesFor(storage: Storage): string[] {
  return { local: ['kafka'], minio: ['kafka', 'minio'], hdfs: ['kafka', 'hdfs'] }[storage];
}

/**
 * The lake settings every program gets, from the endpoints `infra env` printed. On MinIO and
 * HDFS the lake sits under a folder named after the demo's id, so --fresh never sees old data.
 */
export function lakeEnv(storage: Storage, state: DemoState, endpoints: Readonly<Record<string, string>>, paths: DemoPaths): Record<string, string> {
  const need = (key: string) => {
    const value = endpoints[key];
    if (!value) throw new Error(`\`npm run infra -- env\` printed no ${key}: is ${storage} running? (npm run infra:status)`);
    return value;
  };
  switch (storage) {
    case 'local':
      return { LAKE_URI: `file://${join(paths.demoDir, 'lake')}` };
    case 'minio':
      return {
        LAKE_URI: `s3://${need('S3_BUCKET')}/demo-${state.id}`,
        S3_ENDPOINT: need('S3_ENDPOINT'),
        S3_ACCESS_KEY_ID: need('S3_ACCESS_KEY_ID'),
        S3_SECRET_ACCESS_KEY: need('S3_SECRET_ACCESS_KEY'),
      };
    case 'hdfs':
      return { LAKE_URI: `${need('HDFS_URL')}/demo-${state.id}`, WEBHDFS_URL: need('WEBHDFS_URL'), HDFS_USER: endpoints.HDFS_USER ?? 'music' };
  }
}

export interface BackfillWindow {
  from: Date;
  to: Date;
}

/**
 * Live events per second at the pace of the backfilled history (its events over its span), so
 * that today's numbers continue the recorded days instead of growing many times faster.
 */
export function historyPace(backfill: { from: string; to: string; events: number }): number {
  const seconds = (Date.parse(backfill.to) - Date.parse(backfill.from)) / 1000;
  const pace = seconds > 0 ? backfill.events / seconds : 0;
  return Math.max(0.01, Number(pace.toPrecision(2)));
}

/** Every program of the demo, in start order (the live producer once the backfill is done, at the pace it sets). */
export interface DemoPlan {
  backfill: ChildSpec | null;
  dashboardBuild: ChildSpec;
  /** streaming-ingest, batch-metrics, api, dashboard. */
  services: ChildSpec[];
  liveProducer(rate: number): ChildSpec;
  urls: { dashboard: string; api: string; ingestMetrics: string };
  /** API key the demo's collector accepts (POST /v1/events), printed with the URLs. */
  collectorKey: string;
}

export function planDemo(input: {
  options: DemoOptions;
  state: DemoState;
  paths: DemoPaths;
  baseEnv: Readonly<Record<string, string | undefined>>;
  endpoints: Readonly<Record<string, string>>;
  backfill: BackfillWindow | null;
}): DemoPlan {
  const { options, state, paths, baseEnv, endpoints } = input;
  const brokers = endpoints.KAFKA_BROKERS;
  if (!brokers) throw new Error('`npm run infra -- env` printed no KAFKA_BROKERS: is Kafka running? (npm run infra:status)');
  const lake = lakeEnv(options.storage, state, endpoints, paths);
  const logs = join(paths.demoDir, 'logs');
  const urls = {
    dashboard: `http://127.0.0.1:${options.ports.dashboard}`,
    api: `http://127.0.0.1:${options.ports.api}`,
    ingestMetrics: `http://127.0.0.1:${options.ports.ingest}/metrics`,
  };
  const common = { ...baseEnv, KAFKA_BROKERS: brokers, LOG_LEVEL: 'info', ...lake };
  const collectorKey = `demo-${state.id}`;
  // The collector stores only the sha256 of each key (see libs/collector).
  const collectorKeyHash = createHash('sha256').update(collectorKey, 'utf8').digest('hex');
  const app = (name: string, entry: string, args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): ChildSpec => ({
    name,
    command: paths.tsx,
    args: [...nodeFlags, join(paths.root, entry), ...args],
    env: { ...common, ...env },
    cwd: paths.root,
    logFile: join(logs, `${name}.log`),
  });
  // Backfill and live share the seed and the population: the same catalogue and listeners,
  // so today's numbers continue the history instead of mixing two simulated worlds.
  const producerArgs = ['--topic', state.topic, '--brokers', brokers, '--seed', `demo-${state.id}`, '--users', String(options.users), '--bad-ratio', String(options.badRatio)];
  const backfill = input.backfill
    ? app('backfill', 'apps/producer/src/main.ts', [
        ...producerArgs,
        '--from',
        input.backfill.from.toISOString(),
        '--to',
        input.backfill.to.toISOString(),
        '--summary',
        join(paths.demoDir, 'backfill-summary.json'),
      ])
    : null;
  const dashboardBuild: ChildSpec = {
    name: 'dashboard-build',
    command: paths.next,
    args: ['build'],
    env: { ...baseEnv, NEXT_TELEMETRY_DISABLED: '1' },
    cwd: join(paths.root, 'apps', 'dashboard'),
    logFile: join(logs, 'dashboard-build.log'),
  };
  return {
    backfill,
    dashboardBuild,
    liveProducer: (rate) => app('live-producer', 'apps/producer/src/main.ts', [...producerArgs, '--rate', String(rate)]),
    services: [
      app('streaming-ingest', 'apps/streaming-ingest/src/main.ts', [], {
        INGEST_TOPIC: state.topic,
        INGEST_DLQ_TOPIC: `${state.topic}.dlq`,
        INGEST_GROUP: `demo-ingest-${state.id}`,
        INGEST_HTTP_PORT: String(options.ports.ingest),
      }, ['--max-semi-space-size=64']),
      app('batch-metrics', 'apps/batch-metrics/src/main.ts', ['run', '--watch', String(options.watchSeconds)]),
      app('api', 'apps/api/src/main.ts', [], {
        API_PORT: String(options.ports.api),
        COLLECTOR_TOPIC: state.topic,
        INGEST_GROUP: `demo-ingest-${state.id}`,
        COLLECTOR_API_KEY_HASHES: collectorKeyHash,
        GOLD_REFRESH_INTERVAL_MS: '1000',
      }),
      app('dashboard', 'apps/dashboard/src/main.ts', [], { API_URL: urls.api, DASHBOARD_HOST: '127.0.0.1', DASHBOARD_PORT: String(options.ports.dashboard) }),
    ],
    urls,
    collectorKey,
  };
}
