import { z } from 'zod';

export type ServiceName = 'kafka' | 'minio' | 'hdfs';

export type Env = Readonly<Record<string, string | undefined>>;

export interface KafkaEndpoint {
  brokers: string[];
}

export interface S3Endpoint {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

export interface HdfsEndpoint {
  /** `hdfs://host:port`, the NameNode RPC address. */
  hdfsUrl: string;
  /** `http://host:port`, the NameNode HTTP address serving WebHDFS. */
  webhdfsUrl: string;
  user: string;
}

/** The variables each service is described by; the infra CLI and docker-compose use the same names. */
export const ENDPOINT_VARIABLES = {
  kafka: ['KAFKA_BROKERS'],
  minio: ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_BUCKET'],
  hdfs: ['HDFS_URL', 'WEBHDFS_URL', 'HDFS_USER'],
} as const satisfies Record<ServiceName, readonly string[]>;

const kafkaSchema = z.object({ KAFKA_BROKERS: z.string().min(1) }).transform(
  (v): KafkaEndpoint => ({ brokers: v.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean) }),
);

const s3Schema = z
  .object({
    S3_ENDPOINT: z.url(),
    S3_REGION: z.string().default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1),
    S3_SECRET_ACCESS_KEY: z.string().min(1),
    S3_BUCKET: z.string().min(3),
  })
  .transform(
    (v): S3Endpoint => ({
      endpoint: v.S3_ENDPOINT,
      region: v.S3_REGION,
      accessKeyId: v.S3_ACCESS_KEY_ID,
      secretAccessKey: v.S3_SECRET_ACCESS_KEY,
      bucket: v.S3_BUCKET,
    }),
  );

const hdfsSchema = z
  .object({ HDFS_URL: z.string().regex(/^hdfs:\/\//), WEBHDFS_URL: z.url(), HDFS_USER: z.string().default('music') })
  .transform((v): HdfsEndpoint => ({ hdfsUrl: v.HDFS_URL, webhdfsUrl: v.WEBHDFS_URL, user: v.HDFS_USER }));

export const ENDPOINT_SCHEMAS = { kafka: kafkaSchema, minio: s3Schema, hdfs: hdfsSchema };

export interface EndpointFor {
  kafka: KafkaEndpoint;
  minio: S3Endpoint;
  hdfs: HdfsEndpoint;
}

/** Parses a service's endpoint from a flat variable map; undefined when its first variable is absent. */
export function endpointFromVariables<S extends ServiceName>(service: S, vars: Env): EndpointFor[S] | undefined {
  const [first] = ENDPOINT_VARIABLES[service];
  if (!vars[first]) return undefined;
  const picked: Record<string, string | undefined> = {};
  for (const key of ENDPOINT_VARIABLES[service]) picked[key] = vars[key] || undefined;
  const parsed = ENDPOINT_SCHEMAS[service].safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ');
    throw new Error(`The ${service} endpoint variables are invalid: ${problems}`);
  }
  return parsed.data as EndpointFor[S];
}

/** What docker-compose.yml publishes on the host: the same as `npm run infra:up` with default ports. */
export const DOCKER_COMPOSE_ENDPOINTS: Record<ServiceName, Env> = {
  kafka: { KAFKA_BROKERS: '127.0.0.1:19092' },
  minio: {
    S3_ENDPOINT: 'http://127.0.0.1:19000',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'musicadmin',
    S3_SECRET_ACCESS_KEY: 'musicadmin-secret',
    S3_BUCKET: 'lake',
  },
  hdfs: { HDFS_URL: 'hdfs://127.0.0.1:19820', WEBHDFS_URL: 'http://127.0.0.1:19870', HDFS_USER: 'music' },
};
