import type { ServiceDefinition, ServiceName } from '../service';
import { hdfsService } from './hdfs';
import { kafkaService } from './kafka';
import { minioService } from './minio';

export const SERVICES: Record<ServiceName, ServiceDefinition> = {
  kafka: kafkaService,
  minio: minioService,
  hdfs: hdfsService,
};
