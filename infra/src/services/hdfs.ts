import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { InfraConfig } from '../config';
import { runJavaMain } from '../java-tool';
import { mavenLibDir, resolveMavenLibDir } from '../maven-classpath';
import { LOOPBACK } from '../ports';
import { requireTool } from '../prerequisites';
import type { ServiceContext, ServiceDefinition } from '../service';
import { renderTemplate } from '../template';

const CLUSTER_ID = 'CID-music-dev';

const dirs = (ctx: ServiceContext) => {
  const run = join(ctx.paths.runDir, 'hdfs');
  return {
    run,
    conf: join(run, 'conf'),
    logs: join(run, 'logs'),
    tmp: join(run, 'tmp'),
    infra: join(ctx.paths.root, 'infra', 'hdfs'),
    cache: join(ctx.paths.cacheDir, 'hdfs'),
  };
};

const pom = (ctx: ServiceContext) => join(dirs(ctx).infra, 'pom.xml');

/** Config first (Hadoop reads *-site.xml from the classpath), then the web UI resources, then jars. */
function classpath(ctx: ServiceContext): string {
  const lib = mavenLibDir(pom(ctx), dirs(ctx).cache);
  return [dirs(ctx).conf, join(lib, 'webapps-root'), join(lib, 'lib', '*')].join(':');
}

// Hadoop 3.4 on Java 17: its XML binding reflects into java.base (WebHDFS answers 500 without these).
const ADD_OPENS = ['java.io', 'java.lang', 'java.lang.reflect', 'java.math', 'java.net', 'java.text', 'java.util', 'java.util.concurrent', 'java.util.zip', 'sun.security.util', 'sun.security.x509'].map(
  (pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`,
);

function jvmArgs(ctx: ServiceContext, logFile: string): string[] {
  const d = dirs(ctx);
  return [
    '-Xms64m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    // The C1 compiler alone halves start-up; these JVMs serve tests, not throughput.
    '-XX:TieredStopAtLevel=1',
    '-Djava.net.preferIPv4Stack=true',
    ...ADD_OPENS,
    `-Djava.io.tmpdir=${d.tmp}`,
    `-Dhadoop.log.dir=${d.logs}`,
    `-Dhadoop.log.file=${logFile}`,
    `-Dlog4j.configuration=file:${join(d.conf, 'log4j.properties')}`,
    `-Djava.util.logging.config.file=${join(d.conf, 'logging.properties')}`,
  ];
}

const webUrl = (config: InfraConfig) => `http://${LOOPBACK}:${config.INFRA_HDFS_HTTP_PORT}`;

const namesystemState = z.object({
  beans: z
    .array(z.object({ FSState: z.string(), NumLiveDataNodes: z.number(), CapacityRemaining: z.number() }))
    .min(1),
});

/** Ready: out of safe mode, with a live datanode that has room. One JMX bean, so one snapshot. */
async function hdfsOperational(config: InfraConfig): Promise<boolean> {
  const response = await fetch(`${webUrl(config)}/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState`, {
    signal: AbortSignal.timeout(2000),
  });
  if (!response.ok) return false;
  const parsed = namesystemState.safeParse(await response.json());
  if (!parsed.success) return false;
  const [bean] = parsed.data.beans;
  return bean !== undefined && bean.FSState === 'Operational' && bean.NumLiveDataNodes >= 1 && bean.CapacityRemaining > 0;
}

async function namenodeHttpUp(config: InfraConfig): Promise<boolean> {
  const response = await fetch(`${webUrl(config)}/jmx?qry=Hadoop:service=NameNode,name=NameNodeStatus`, { signal: AbortSignal.timeout(2000) });
  return response.ok;
}

/** A single-node HDFS (NameNode + DataNode with WebHDFS) from Maven Central jars. */
export const hdfsService: ServiceDefinition = {
  name: 'hdfs',
  title: 'HDFS',

  ports: (config) => [
    { port: config.INFRA_HDFS_NAMENODE_PORT, role: 'HDFS NameNode RPC', variable: 'INFRA_HDFS_NAMENODE_PORT' },
    { port: config.INFRA_HDFS_HTTP_PORT, role: 'HDFS NameNode HTTP / WebHDFS', variable: 'INFRA_HDFS_HTTP_PORT' },
    { port: config.INFRA_HDFS_DATANODE_PORT, role: 'HDFS DataNode data transfer', variable: 'INFRA_HDFS_DATANODE_PORT' },
    { port: config.INFRA_HDFS_DATANODE_HTTP_PORT, role: 'HDFS DataNode HTTP', variable: 'INFRA_HDFS_DATANODE_HTTP_PORT' },
    { port: config.INFRA_HDFS_DATANODE_IPC_PORT, role: 'HDFS DataNode IPC', variable: 'INFRA_HDFS_DATANODE_IPC_PORT' },
  ],

  async provision(ctx) {
    requireTool('java', 'the local HDFS');
    requireTool('mvn', 'downloading the Hadoop jars from Maven Central');
    await resolveMavenLibDir({ pom: pom(ctx), cacheDir: dirs(ctx).cache, log: ctx.log });
  },

  async prepare(ctx) {
    const d = dirs(ctx);
    const { config } = ctx;
    for (const dir of [d.conf, d.logs, d.tmp]) mkdirSync(dir, { recursive: true });
    const values = {
      RUN_DIR: d.run,
      NN_RPC_PORT: config.INFRA_HDFS_NAMENODE_PORT,
      NN_HTTP_PORT: config.INFRA_HDFS_HTTP_PORT,
      // HTTPS is off (dfs.http.policy=HTTP_ONLY); port 0 keeps these from ever clashing.
      NN_HTTPS_PORT: 0,
      DN_HTTPS_PORT: 0,
      DN_DATA_PORT: config.INFRA_HDFS_DATANODE_PORT,
      DN_HTTP_PORT: config.INFRA_HDFS_DATANODE_HTTP_PORT,
      DN_IPC_PORT: config.INFRA_HDFS_DATANODE_IPC_PORT,
    };
    for (const file of ['core-site.xml', 'hdfs-site.xml']) {
      const template = readFileSync(join(d.infra, `${file}.template`), 'utf8');
      writeFileSync(join(d.conf, file), renderTemplate(template, values, `infra/hdfs/${file}.template`));
    }
    for (const file of ['log4j.properties', 'logging.properties']) copyFileSync(join(d.infra, file), join(d.conf, file));

    if (existsSync(join(d.run, 'name', 'current', 'VERSION'))) return;
    ctx.log.info({ clusterId: CLUSTER_ID, dir: join(d.run, 'name') }, 'formatting the HDFS NameNode (first start)');
    await runJavaMain({
      classpath: classpath(ctx),
      mainClass: 'org.apache.hadoop.hdfs.server.namenode.NameNode',
      args: ['-format', '-nonInteractive', '-clusterId', CLUSTER_ID],
      jvmArgs: jvmArgs(ctx, 'namenode-format.log'),
      env: ctx.parentEnv,
    });
  },

  async processes(ctx) {
    return [
      {
        spec: {
          id: 'hdfs-namenode',
          command: 'java',
          args: [...jvmArgs(ctx, 'namenode.log'), '-cp', classpath(ctx), 'org.apache.hadoop.hdfs.server.namenode.NameNode'],
        },
        ready: () => namenodeHttpUp(ctx.config),
        readyTimeoutMs: 90_000,
      },
      {
        spec: {
          id: 'hdfs-datanode',
          command: 'java',
          args: [...jvmArgs(ctx, 'datanode.log'), '-cp', classpath(ctx), 'org.apache.hadoop.hdfs.server.datanode.DataNode'],
        },
        ready: () => hdfsOperational(ctx.config),
        readyTimeoutMs: 120_000,
      },
    ];
  },

  isHealthy: (ctx) => hdfsOperational(ctx.config),

  endpoints: (config) => ({
    HDFS_URL: `hdfs://${LOOPBACK}:${config.INFRA_HDFS_NAMENODE_PORT}`,
    WEBHDFS_URL: webUrl(config),
    HDFS_USER: 'music',
  }),
};
