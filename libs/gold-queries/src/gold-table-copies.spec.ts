import { GoldTableCopies } from './gold-table-copies';
import { QueryConnections } from './query-connections';

let connections: QueryConnections;

beforeEach(async () => {
  connections = await QueryConnections.create({ connections: 2 });
});

afterEach(async () => {
  await connections.close();
});

/** A version of table `t` whose scan answers `value`. */
const version = (version: number, value: number) => ({ name: 't', version, relation: `SELECT ${value} AS value` });
const copiesInMemory = async () => (await connections.rows('SELECT table_name FROM duckdb_tables() ORDER BY table_name')).map((row) => String(row['table_name']));
const valueOf = (copies: GoldTableCopies, view: ReturnType<typeof version>) => copies.read(view, async (relation) => (await connections.rows(`SELECT value FROM ${relation}`))[0]?.['value']);

describe('GoldTableCopies', () => {
  it('copies a version once and answers from the copy', async () => {
    const copies = new GoldTableCopies(connections);
    copies.prepare(version(1, 10));
    expect(await valueOf(copies, version(1, 10))).toBe(10);
    // The same version is not read from its files again (here they would answer 99).
    expect(await valueOf(copies, version(1, 99))).toBe(10);
    expect(await copiesInMemory()).toEqual(['t__v1__1']);
  });

  it('drops a version once a newer one is seen and no query reads it', async () => {
    const copies = new GoldTableCopies(connections);
    expect(await valueOf(copies, version(1, 10))).toBe(10);
    copies.prepare(version(2, 20));
    expect(await valueOf(copies, version(2, 20))).toBe(20);
    await copies.settled();
    expect(await copiesInMemory()).toEqual(['t__v2__2']);
  });

  it('keeps a superseded version while a query reads it, and that query still answers from it', async () => {
    const copies = new GoldTableCopies(connections);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = copies.read(version(1, 10), async (relation) => {
      await held;
      return (await connections.rows(`SELECT value FROM ${relation}`))[0]?.['value'];
    });
    await new Promise((resolve) => setImmediate(resolve));
    copies.prepare(version(2, 20));
    expect(await valueOf(copies, version(2, 20))).toBe(20);
    await copies.settled();
    expect(await copiesInMemory()).toEqual(['t__v1__1', 't__v2__2']);
    release();
    expect(await slow).toBe(10);
    await copies.settled();
    expect(await copiesInMemory()).toEqual(['t__v2__2']);
  });

  it('copies a superseded version again for a query that still asks for it, then drops it', async () => {
    const copies = new GoldTableCopies(connections);
    expect(await valueOf(copies, version(1, 10))).toBe(10);
    copies.prepare(version(2, 20));
    await copies.settled();
    expect(await valueOf(copies, version(1, 10))).toBe(10);
    await copies.settled();
    expect(await copiesInMemory()).toEqual(['t__v2__2']);
  });

  it('does not keep a copy that failed, and names the version', async () => {
    const copies = new GoldTableCopies(connections);
    const broken = { name: 't', version: 1, relation: 'SELECT * FROM no_such_table' };
    await expect(copies.read(broken, async () => 'unreachable')).rejects.toThrow('cannot copy t version 1 into memory');
    expect(await valueOf(copies, version(1, 10))).toBe(10);
  });
});
