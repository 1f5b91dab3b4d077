import { kafkaClasspath, kafkaToolsLog4j } from './services/kafka';
import type { ServiceContext } from './service';

/** Kafka's own command-line tools, by the names of their kafka-*.sh scripts. */
export const KAFKA_TOOLS: Readonly<Record<string, string>> = {
  'producer-perf': 'org.apache.kafka.tools.ProducerPerformance',
  'consumer-perf': 'org.apache.kafka.tools.ConsumerPerformance',
  topics: 'org.apache.kafka.tools.TopicCommand',
  'consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'broker-api-versions': 'org.apache.kafka.tools.BrokerApiVersionsCommand',
};

/** The java command line that runs a Kafka tool from the broker's own jars. */
export function kafkaToolCommand(ctx: ServiceContext, tool: string, args: readonly string[]): string[] {
  const mainClass = KAFKA_TOOLS[tool] ?? (tool.includes('.') ? tool : undefined);
  if (!mainClass) {
    throw new Error(`Unknown Kafka tool ${JSON.stringify(tool)}; expected one of ${Object.keys(KAFKA_TOOLS).join(', ')} or a class name.`);
  }
  return ['java', '-Xmx512m', `-Dlog4j2.configurationFile=${kafkaToolsLog4j(ctx)}`, '-cp', kafkaClasspath(ctx), mainClass, ...args];
}
