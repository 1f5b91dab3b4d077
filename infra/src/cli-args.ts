import { SERVICE_NAMES, type ServiceName } from './service';

export const HELP = `music-infra: real Kafka, MinIO and HDFS as local processes on 127.0.0.1 (no Docker needed)

Usage: npm run infra -- <command> [services…] [options]

Commands:
  up [services…]              provision what is missing, start the services, wait until ready
  down [services…]            stop the services (SIGTERM, then SIGKILL after 20 s)
  status                      show each service's processes and health
  env                         print the endpoints of running services as KEY=value lines
  logs <service>              print the last lines of the service's logs
  provision [services…]       download jars / build binaries only
  reset <services…>           delete the data, settings and logs of stopped services (under
                              .run/<service>): the next \`up\` starts them empty. Tests and
                              benches leave their topics and buckets behind; this frees the disk
  with <services…> -- <cmd…>  start what is not running, run <cmd> with the endpoints in its
                              environment, then stop what this command started
  kafka-tool <tool> [-- args…] run one of Kafka's own tools from the same jars: producer-perf,
                              consumer-perf, topics, consumer-groups (or a fully qualified class)
  test                        the whole test suite: lint, typecheck, then every unit and
                              integration test against real services (what CI runs)

Services: ${SERVICE_NAMES.join(', ')} (default: all of them)

Options:
  -h, --help                  show this help

Shortcuts: npm run infra:up -- kafka minio · npm run infra:down · npm run infra:status · npm test

Configuration (environment): INFRA_KAFKA_PORT (19092), INFRA_KAFKA_CONTROLLER_PORT (19093),
  INFRA_MINIO_PORT (19000), INFRA_MINIO_CONSOLE_PORT (19001), INFRA_MINIO_ROOT_USER,
  INFRA_MINIO_ROOT_PASSWORD, INFRA_MINIO_BUCKET (lake), INFRA_HDFS_NAMENODE_PORT (19820),
  INFRA_HDFS_HTTP_PORT (19870), INFRA_HDFS_DATANODE_PORT (19866), INFRA_HDFS_DATANODE_HTTP_PORT
  (19864), INFRA_HDFS_DATANODE_IPC_PORT (19867), INFRA_CACHE_DIR (.cache), INFRA_RUN_DIR (.run),
  INFRA_LOG_LEVEL (info). Data and logs live under .run/, downloads under .cache/ (both git-ignored).
`;

export type Command =
  | { kind: 'help' }
  | { kind: 'up' | 'down' | 'provision'; services: ServiceName[] }
  | { kind: 'reset'; services: ServiceName[] }
  | { kind: 'status' | 'env' | 'test' }
  | { kind: 'logs'; service: ServiceName }
  | { kind: 'kafka-tool'; tool: string; args: string[] }
  | { kind: 'with'; services: ServiceName[]; command: string[] };

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\nRun with --help for usage.`);
    this.name = 'UsageError';
  }
}

function parseServices(words: string[], defaultAll: boolean): ServiceName[] {
  const unknown = words.filter((w) => !(SERVICE_NAMES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown service ${unknown.map((u) => JSON.stringify(u)).join(', ')}; expected ${SERVICE_NAMES.join(', ')}.`);
  }
  const chosen = words as ServiceName[];
  if (chosen.length === 0 && defaultAll) return [...SERVICE_NAMES];
  return SERVICE_NAMES.filter((name) => chosen.includes(name));
}

export function parseArgs(argv: readonly string[]): Command {
  const separator = argv.indexOf('--');
  const head = separator === -1 ? [...argv] : argv.slice(0, separator);
  const tail = separator === -1 ? [] : argv.slice(separator + 1);
  if (head.length === 0 || head.includes('-h') || head.includes('--help') || head[0] === 'help') return { kind: 'help' };
  const [verb, ...rest] = head as [string, ...string[]];
  const flag = rest.find((word) => word.startsWith('-'));
  if (flag) throw new UsageError(`Unknown option ${JSON.stringify(flag)}.`);
  switch (verb) {
    case 'up':
    case 'down':
    case 'provision':
      return { kind: verb, services: parseServices(rest, true) };
    case 'reset': {
      const services = parseServices(rest, false);
      if (services.length === 0) throw new UsageError(`\`reset\` deletes data: name the services to reset (${SERVICE_NAMES.join(', ')}).`);
      return { kind: 'reset', services };
    }
    case 'status':
    case 'env':
    case 'test':
      if (rest.length > 0) throw new UsageError(`\`${verb}\` takes no arguments (got ${rest.join(' ')}).`);
      return { kind: verb };
    case 'logs': {
      const [service] = parseServices(rest, false);
      if (rest.length !== 1 || !service) throw new UsageError('`logs` takes exactly one service name.');
      return { kind: 'logs', service };
    }
    case 'kafka-tool': {
      if (rest.length !== 1 || !rest[0]) throw new UsageError('`kafka-tool` takes one tool name, then its arguments after `--`.');
      return { kind: 'kafka-tool', tool: rest[0], args: tail };
    }
    case 'with': {
      if (tail.length === 0) throw new UsageError('`with` needs a command after `--`, e.g. `with kafka -- npx jest`.');
      return { kind: 'with', services: parseServices(rest, true), command: tail };
    }
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(verb)}.`);
  }
}
