import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJavaMain } from '../java-tool';
import { kafkaApiVersionsOk } from '../kafka-probe';
import { mavenLibDir, resolveMavenLibDir } from '../maven-classpath';
import { LOOPBACK } from '../ports';
import { requireTool } from '../prerequisites';
import type { ServiceContext, ServiceDefinition } from '../service';
import { renderTemplate } from '../template';

const NODE_ID = 1;

const dirs = (ctx: ServiceContext) => {
  const run = join(ctx.paths.runDir, 'kafka');
  return {
    run,
    data: join(run, 'data'),
    logs: join(run, 'logs'),
    properties: join(run, 'server.properties'),
    clusterId: join(run, 'cluster.id'),
    infra: join(ctx.paths.root, 'infra', 'kafka'),
    cache: join(ctx.paths.cacheDir, 'kafka'),
  };
};

const pom = (ctx: ServiceContext) => join(dirs(ctx).infra, 'pom.xml');
/** The classpath of the provisioned jars (see provision). */
export const kafkaClasspath = (ctx: ServiceContext) => join(mavenLibDir(pom(ctx), dirs(ctx).cache), 'lib', '*');
/** Logging for Kafka's command-line tools: warnings to stderr, so their stdout stays parseable. */
export const kafkaToolsLog4j = (ctx: ServiceContext) => join(dirs(ctx).infra, 'tools-log4j2.yaml');

/** Kafka cluster ids are 16 random bytes in base64url; Kafka avoids ones starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** A single-node KRaft broker (broker + controller in one JVM), from Maven Central jars. */
export const kafkaService: ServiceDefinition = {
  name: 'kafka',
  title: 'Kafka',

  ports: (config) => [
    { port: config.INFRA_KAFKA_PORT, role: 'Kafka broker', variable: 'INFRA_KAFKA_PORT' },
    { port: config.INFRA_KAFKA_CONTROLLER_PORT, role: 'Kafka KRaft controller', variable: 'INFRA_KAFKA_CONTROLLER_PORT' },
  ],

  async provision(ctx) {
    requireTool('java', 'the local Kafka broker');
    requireTool('mvn', 'downloading the Kafka jars from Maven Central');
    await resolveMavenLibDir({ pom: pom(ctx), cacheDir: dirs(ctx).cache, log: ctx.log });
  },

  async prepare(ctx) {
    const d = dirs(ctx);
    mkdirSync(d.logs, { recursive: true });
    // Rendered on every start, so port changes apply; the static quorum allows that on existing data.
    const template = readFileSync(join(d.infra, 'server.properties.template'), 'utf8');
    writeFileSync(
      d.properties,
      renderTemplate(
        template,
        { NODE_ID, HOST: LOOPBACK, PORT: ctx.config.INFRA_KAFKA_PORT, CONTROLLER_PORT: ctx.config.INFRA_KAFKA_CONTROLLER_PORT, DATA_DIR: d.data },
        'infra/kafka/server.properties.template',
      ),
    );
    if (existsSync(join(d.data, 'meta.properties'))) return;
    if (!existsSync(d.clusterId)) writeFileSync(d.clusterId, newClusterId());
    const clusterId = readFileSync(d.clusterId, 'utf8').trim();
    ctx.log.info({ clusterId, data: d.data }, 'formatting Kafka KRaft storage (first start)');
    await runJavaMain({
      classpath: kafkaClasspath(ctx),
      mainClass: 'kafka.tools.StorageTool',
      args: ['format', '--cluster-id', clusterId, '--config', d.properties, '--ignore-formatted'],
      jvmArgs: ['-Xmx256m', `-Dlog4j2.configurationFile=${kafkaToolsLog4j(ctx)}`],
      env: ctx.parentEnv,
    });
  },

  async processes(ctx) {
    const d = dirs(ctx);
    return [
      {
        spec: {
          id: 'kafka',
          command: 'java',
          args: [
            '-Xms256m',
            '-Xmx1g',
            '-XX:+UseG1GC',
            '-XX:MaxGCPauseMillis=20',
            '-Djava.awt.headless=true',
            `-Dlog4j2.configurationFile=${join(d.infra, 'log4j2.yaml')}`,
            `-Dkafka.logs.dir=${d.logs}`,
            '-cp',
            kafkaClasspath(ctx),
            'kafka.Kafka',
            d.properties,
          ],
        },
        ready: () => kafkaApiVersionsOk(LOOPBACK, ctx.config.INFRA_KAFKA_PORT),
        // Recovery after an unclean stop replays logs: allow for it on a loaded machine.
        readyTimeoutMs: 120_000,
      },
    ];
  },

  isHealthy: (ctx) => kafkaApiVersionsOk(LOOPBACK, ctx.config.INFRA_KAFKA_PORT),

  endpoints: (config) => ({ KAFKA_BROKERS: `${LOOPBACK}:${config.INFRA_KAFKA_PORT}` }),
};
