import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { preparedOnce, pythonVenv } from './python-venv';
import { runProcess } from './run-process';

/**
 * Delta Lake on Apache Spark (PyPI `pyspark` + `delta-spark`, the protocol's reference
 * implementation) as an interop referee. Test tool only. A Spark session takes seconds to start,
 * so one call runs a whole plan: write steps, then reads of every version of some tables.
 */

export type SparkPlanStep =
  | { sql: string }
  /** Rows appended to the Delta table at `append` (a path or `hdfs://` URI), typed by its schema; timestamps ISO-8601, dates YYYY-MM-DD. */
  | { append: string; columns: readonly string[]; rows: readonly Record<string, unknown>[] };

export interface SparkRead {
  /** The table's location: a local path, an `hdfs://` URI, or an `s3a://` URI (with the S3 settings of `run`'s env). */
  path: string;
  /** First version to read (default 0); every version up to the latest is read. */
  first?: number;
  /** Versions whose read error is reported (null when Spark reads them). */
  probe?: readonly number[];
}

const versionSchema = z.object({ version: z.number(), columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())) });
const readSchema = z.object({
  path: z.string(),
  protocol: z.object({ min_reader_version: z.number(), min_writer_version: z.number() }),
  /** DESCRIBE HISTORY: the operation of each version still in the log. */
  operations: z.record(z.string(), z.string()),
  versions: z.array(versionSchema),
  probes: z.record(z.string(), z.string().nullable()),
});
export type SparkTableRead = z.infer<typeof readSchema>;

export interface SparkReferee {
  /** `env`: more environment for Spark, e.g. HADOOP_USER_NAME for HDFS, SPARK_REFEREE_S3_* for MinIO. */
  run(plan: { steps?: readonly SparkPlanStep[]; reads?: readonly SparkRead[] }, env?: Readonly<Record<string, string>>): Promise<SparkTableRead[]>;
}

/** Access to an S3-compatible store (MinIO), as serviceEndpoint('minio', …) gives it. */
export interface SparkS3Access {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * How the referee reaches an `s3://` table: Spark spells it `s3a://` (Hadoop's S3A client), and
 * `env` (for `run`) names the endpoint and keys.
 */
export function sparkS3Location(uri: string, s3: SparkS3Access): { path: string; env: Record<string, string> } {
  return {
    path: uri.replace(/^s3:/, 's3a:'),
    env: { SPARK_REFEREE_S3_ENDPOINT: s3.endpoint, SPARK_REFEREE_S3_REGION: s3.region, SPARK_REFEREE_S3_ACCESS_KEY_ID: s3.accessKeyId, SPARK_REFEREE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey },
  };
}

const REFEREE_DIR = join(__dirname, '..', 'referee');
const DELTA_VERSION = '4.0.0';
/** Hadoop's S3A client for s3a:// tables (MinIO): the version of the Hadoop client pyspark ships (3.4.1), and the AWS SDK that version names. */
const HADOOP_VERSION = '3.4.1';
const AWS_SDK_VERSION = '2.24.6';
const JARS = [
  `io.delta:delta-spark_2.13:${DELTA_VERSION}`,
  `io.delta:delta-storage:${DELTA_VERSION}`,
  `org.apache.hadoop:hadoop-aws:${HADOOP_VERSION}`,
  `software.amazon.awssdk:bundle:${AWS_SDK_VERSION}`,
];
const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/**
 * A venv under `<cacheDir>/spark-referee-<digest>` with the pinned pyspark and delta-spark, and
 * Delta's jars copied from Maven Central by Maven (Spark's own package resolver would ask hosts
 * other than the registries), both made on first use.
 */
export async function sparkReferee(options: { cacheDir: string; env: NodeJS.ProcessEnv }): Promise<SparkReferee> {
  const requirements = join(REFEREE_DIR, 'spark-requirements.txt');
  const digest = createHash('sha256').update(readFileSync(requirements)).update(JARS.join(',')).digest('hex').slice(0, 12);
  const python = await pythonVenv(join(options.cacheDir, `spark-referee-${digest}`), requirements, options.env, 'the Spark referee');
  const jarDir = await preparedOnce(join(options.cacheDir, `spark-referee-jars-${digest}`), async (directory) => {
    for (const artifact of JARS) {
      const copied = await runProcess('mvn', ['-B', '-q', `${MAVEN_DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${artifact}`, `-DoutputDirectory=${directory}`], options.env);
      if (copied.code !== 0) throw new Error(`mvn could not copy ${artifact}: ${(copied.stdout + copied.stderr).slice(-3000)}`);
    }
  });
  const jars = JARS.map((artifact) => {
    const [, name, version] = artifact.split(':') as [string, string, string];
    return join(jarDir, `${name}-${version}.jar`);
  });
  const env: NodeJS.ProcessEnv = { ...options.env, TZ: 'UTC', SPARK_LOCAL_IP: '127.0.0.1', PYSPARK_PYTHON: python, SPARK_REFEREE_JARS: jars.join(',') };

  return {
    async run(plan, extraEnv) {
      const dir = mkdtempSync(join(tmpdir(), 'spark-referee-'));
      const planFile = join(dir, 'plan.json');
      writeFileSync(planFile, JSON.stringify(plan, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)));
      try {
        const result = await runProcess(python, [join(REFEREE_DIR, 'spark_referee.py'), planFile], { ...env, ...extraEnv });
        const last = result.stdout.trim().split('\n').at(-1) ?? '';
        let parsed: unknown;
        try {
          parsed = JSON.parse(last);
        } catch {
          throw new Error(`Spark referee printed no JSON (exit ${result.code}): ${result.stderr.slice(-3000)}`);
        }
        if (result.code !== 0) throw new Error(`Spark referee failed: ${(parsed as { error?: string }).error ?? result.stderr.slice(-3000)}`);
        return z.object({ reads: z.array(readSchema) }).parse(parsed).reads;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
