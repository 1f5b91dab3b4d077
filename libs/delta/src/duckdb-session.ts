import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sweepDeadScratchDirectoriesOnce } from './scratch-directory';

export interface DuckDBSessionOptions {
  /** DuckDB worker threads (default 1: the machines running this are small and shared). */
  threads?: number;
  /** e.g. `512MB`; DuckDB's default (80 % of RAM) otherwise. */
  memoryLimit?: string;
}

/**
 * One in-memory DuckDB database and connection, used to read and write Parquet (data files and
 * checkpoints). Queries run one at a time; sessions are cheap to share between tables. Time zone
 * is UTC so that timestamps without zone are never shifted, and extensions are never downloaded.
 */
export class DuckDBSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(options: DuckDBSessionOptions = {}): Promise<DuckDBSession> {
    const config: Record<string, string> = {
      threads: String(options.threads ?? 1),
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    // Scratch files left by crashed processes go once a process starts writing Parquet again.
    void sweepDeadScratchDirectoriesOnce();
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    return new DuckDBSession(instance, connection);
  }

  /** Runs `work` with the connection while no other query of this session runs. */
  exclusive<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('DuckDB session is closed'));
    const result = this.queue.then(() => work(this.connection));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async run(sql: string): Promise<void> {
    await this.exclusive((connection) => connection.run(sql));
  }

  /** Result rows as plain JS objects (BIGINT → bigint, DOUBLE → number, VARCHAR → string, …). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return this.exclusive(async (connection) => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  /** Closes the connection and the database once queued queries are done. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
