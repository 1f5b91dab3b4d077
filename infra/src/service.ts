import type { Logger } from '@music/logger';
import type { InfraConfig } from './config';
import type { ProcessSpec, Supervisor } from './supervisor';

export const SERVICE_NAMES = ['kafka', 'minio', 'hdfs'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface InfraPaths {
  /** Repository root. */
  root: string;
  /** Downloaded/built artefacts, kept between runs. */
  cacheDir: string;
  /** Data, logs and pid files of running services. */
  runDir: string;
}

export interface ServiceContext {
  config: InfraConfig;
  /** The CLI's own environment, inherited by the processes it starts. */
  parentEnv: Readonly<Record<string, string | undefined>>;
  paths: InfraPaths;
  log: Logger;
  supervisor: Supervisor;
}

export interface ManagedPort {
  port: number;
  /** What listens there, for "port taken" messages, e.g. "Kafka broker". */
  role: string;
  /** The config variable that moves it. */
  variable: keyof InfraConfig;
}

/** A process to start, with the check that says it is really ready (never a sleep). */
export interface ServiceProcess {
  spec: ProcessSpec;
  ready: () => Promise<boolean>;
  readyTimeoutMs: number;
}

export interface ServiceDefinition {
  name: ServiceName;
  title: string;
  ports(config: InfraConfig): ManagedPort[];
  /** Checks tools, downloads or builds what is missing. Idempotent and cached. */
  provision(ctx: ServiceContext): Promise<void>;
  /** One-time preparation of the data directories before the first start (e.g. format storage). Idempotent. */
  prepare?(ctx: ServiceContext): Promise<void>;
  /** The processes of the service, in start order (each waits for the previous one to be ready). */
  processes(ctx: ServiceContext): Promise<ServiceProcess[]>;
  /** One-time work after all processes are ready (e.g. create the bucket). Idempotent. */
  afterReady?(ctx: ServiceContext): Promise<void>;
  /** Health check of the whole service, used by `status` and to reuse running services. */
  isHealthy(ctx: ServiceContext): Promise<boolean>;
  /** Environment variables that tell clients (apps, tests) where the service is. */
  endpoints(config: InfraConfig): Record<string, string>;
}
