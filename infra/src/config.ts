import { defineConfig, logLevel, port } from '@music/config';
import { z } from 'zod';

/**
 * Ports default to 19xxx so the local services never collide with a developer's own
 * Kafka/MinIO/Hadoop on their usual ports. docker-compose.yml publishes the same ports.
 */
export const infraConfigSchema = z.object({
  INFRA_LOG_LEVEL: logLevel,
  INFRA_KAFKA_PORT: port(19092).describe('Kafka broker (PLAINTEXT) port on 127.0.0.1.'),
  INFRA_KAFKA_CONTROLLER_PORT: port(19093).describe('Kafka KRaft controller port.'),
  INFRA_MINIO_PORT: port(19000).describe('MinIO S3 API port.'),
  INFRA_MINIO_CONSOLE_PORT: port(19001).describe('MinIO web console port.'),
  INFRA_MINIO_ROOT_USER: z.string().min(3, 'expected at least 3 characters').default('musicadmin').describe('MinIO root user (the S3 access key the apps get).'),
  INFRA_MINIO_ROOT_PASSWORD: z.string().min(8, 'expected at least 8 characters').default('musicadmin-secret').describe('MinIO root password (the S3 secret key).'),
  INFRA_MINIO_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'expected an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)')
    .default('lake')
    .describe('Bucket created for the lake.'),
  INFRA_HDFS_NAMENODE_PORT: port(19820).describe('HDFS NameNode RPC port (hdfs:// URIs).'),
  INFRA_HDFS_HTTP_PORT: port(19870).describe('HDFS NameNode HTTP / WebHDFS port.'),
  INFRA_HDFS_DATANODE_PORT: port(19866).describe('HDFS DataNode data transfer port.'),
  INFRA_HDFS_DATANODE_HTTP_PORT: port(19864).describe('HDFS DataNode HTTP port (WebHDFS redirects here).'),
  INFRA_HDFS_DATANODE_IPC_PORT: port(19867).describe('HDFS DataNode IPC port.'),
  INFRA_CACHE_DIR: z.string().optional().describe('Where downloaded jars and built binaries are kept between runs (git-ignored; default .cache).'),
  INFRA_RUN_DIR: z.string().optional().describe('Where service data, logs and pid files live (git-ignored; default .run).'),
});

export type InfraConfig = z.infer<typeof infraConfigSchema>;

export const loadInfraConfig = defineConfig('infra', infraConfigSchema);
