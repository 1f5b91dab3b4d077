import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';

export interface QueryConnectionsOptions {
  /** Queries running at once (default 4: Node runs DuckDB calls on its libuv pool of 4 threads). */
  connections?: number;
}

export const DEFAULT_QUERY_CONNECTIONS = 4;
/** Prepared statements kept per connection (least recently used closed first). */
const STATEMENTS_PER_CONNECTION = 64;

/**
 * One in-memory DuckDB database with several connections, so that the API's queries run side
 * by side instead of queueing on one session. Each query runs on one thread (its own connection's),
 * as the Delta sessions do: results stay deterministic (float sums in scan order) and the
 * machine's cores go to concurrent requests. Waiting queries are served first come, first served.
 * Each connection keeps its recent statements prepared: the API sends the same few SQL texts with
 * other parameters, and parsing and planning them again cost about a third of a small query.
 */
export class QueryConnections {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private readonly drained: (() => void)[] = [];
  private readonly statements = new Map<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly all: readonly DuckDBConnection[],
  ) {
    this.idle = [...all];
    for (const connection of all) this.statements.set(connection, new Map());
  }

  static async create(options: QueryConnectionsOptions = {}): Promise<QueryConnections> {
    const size = options.connections ?? DEFAULT_QUERY_CONNECTIONS;
    if (!Number.isInteger(size) || size < 1) throw new Error(`query connections must be a positive integer, got ${size}`);
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < size; i++) {
      const connection = await instance.connect();
      // Timestamps without zone are never shifted, as in @music/delta's sessions.
      await connection.run(`SET TimeZone = 'UTC'`);
      connections.push(connection);
    }
    return new QueryConnections(instance, connections);
  }

  get size(): number {
    return this.all.length;
  }

  /** Runs `work` with a connection no other query uses meanwhile. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the query connections are closed');
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
      if (this.idle.length === this.all.length) for (const done of this.drained.splice(0)) done();
    }
  }

  /** Result rows as plain JS objects; `params` are bound to `$1, $2, …` (values never enter the SQL text). */
  async rows(sql: string, params: readonly DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.use(async (connection) => {
      const statement = await this.prepared(connection, sql);
      statement.bind([...params]);
      return (await statement.runAndReadAll()).getRowObjectsJS() as Record<string, unknown>[];
    });
  }

  async run(sql: string): Promise<void> {
    await this.use((connection) => connection.run(sql));
  }

  private async prepared(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    const statements = this.statements.get(connection) as Map<string, DuckDBPreparedStatement>;
    let statement = statements.get(sql);
    if (statement) statements.delete(sql);
    else statement = await connection.prepare(sql);
    statements.set(sql, statement);
    for (const [oldest, unused] of statements) {
      if (statements.size <= STATEMENTS_PER_CONNECTION) break;
      statements.delete(oldest);
      unused.destroySync();
    }
    return statement;
  }

  /** Closes the database once the running queries are done; later queries are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.idle.length < this.all.length) await new Promise<void>((resolve) => this.drained.push(resolve));
    for (const connection of this.all) connection.closeSync();
    this.instance.closeSync();
  }
}
