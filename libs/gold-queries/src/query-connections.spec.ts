import { QueryConnections } from './query-connections';

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('QueryConnections', () => {
  it('runs as many queries at once as it has connections, then serves the waiting ones in arrival order', async () => {
    const connections = await QueryConnections.create({ connections: 2 });
    try {
      const held = gate();
      const started: string[] = [];
      const hold = (name: string) =>
        connections.use(async (connection) => {
          started.push(name);
          await held.opened;
          return (await connection.runAndReadAll(`SELECT '${name}' AS name`)).getRowObjectsJS()[0]?.['name'];
        });
      const running = [hold('a'), hold('b'), hold('c'), hold('d')];
      await new Promise((resolve) => setImmediate(resolve));
      expect(started).toEqual(['a', 'b']);
      held.open();
      expect(await Promise.all(running)).toEqual(['a', 'b', 'c', 'd']);
      expect(started).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await connections.close();
    }
  });

  it('shares one database between its connections, in UTC, with parameters bound', async () => {
    const connections = await QueryConnections.create({ connections: 3 });
    try {
      await connections.run('CREATE TABLE shared AS SELECT 42 AS answer');
      const reads = await Promise.all([1, 2, 3].map(() => connections.rows('SELECT answer + $1 AS n FROM shared', [1])));
      expect(reads).toEqual([[{ n: 43 }], [{ n: 43 }], [{ n: 43 }]]);
      expect(await connections.rows(`SELECT strftime(TIMESTAMPTZ '2026-11-24 12:00:00+00', '%H') AS hour`)).toEqual([{ hour: '12' }]);
    } finally {
      await connections.close();
    }
  });

  it('runs a statement again with other parameters, also after an error and after many other statements', async () => {
    const connections = await QueryConnections.create({ connections: 1 });
    try {
      const sql = 'SELECT CAST($1 AS INTEGER) + 1 AS n, CAST($2 AS VARCHAR) AS s';
      expect(await connections.rows(sql, [1, 'a'])).toEqual([{ n: 2, s: 'a' }]);
      expect(await connections.rows(sql, [2, null])).toEqual([{ n: 3, s: null }]);
      await expect(connections.rows(sql, ['not a number', 'b'])).rejects.toThrow();
      expect(await connections.rows(sql, [3, 'c'])).toEqual([{ n: 4, s: 'c' }]);
      const others = await Promise.all(Array.from({ length: 100 }, (_, i) => connections.rows(`SELECT ${i} AS i, CAST($1 AS INTEGER) AS p`, [i])));
      expect(others.map(([row]) => [row?.['i'], row?.['p']])).toEqual(Array.from({ length: 100 }, (_, i) => [i, i]));
      expect(await connections.rows(sql, [4, 'd'])).toEqual([{ n: 5, s: 'd' }]);
    } finally {
      await connections.close();
    }
  });

  it('closes once the running and waiting queries are done, and refuses later ones', async () => {
    const connections = await QueryConnections.create({ connections: 1 });
    const held = gate();
    const first = connections.use(async (connection) => {
      await held.opened;
      return (await connection.runAndReadAll('SELECT 1 AS n')).getRowObjectsJS();
    });
    const second = connections.rows('SELECT 2 AS n');
    const closed = connections.close();
    held.open();
    await closed;
    expect(await first).toEqual([{ n: 1 }]);
    expect(await second).toEqual([{ n: 2 }]);
    await expect(connections.rows('SELECT 3')).rejects.toThrow('closed');
  });

  it('refuses a size that is not a positive integer', async () => {
    await expect(QueryConnections.create({ connections: 0 })).rejects.toThrow('positive integer, got 0');
  });
});
