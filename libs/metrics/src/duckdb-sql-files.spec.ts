import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTableFromSqlFile, loadSqlFile, parseSqlFile, quoteRelationName, renderSqlFile } from './duckdb-sql-files';
import { openTestDuckDB, readRows } from './test-helpers/duckdb-test-session';

describe('parseSqlFile', () => {
  it('finds relations and parameters, ignoring those in comments and string literals', () => {
    const file = parseSqlFile('x.sql', `-- {{commented}} $commented\nSELECT '$literal {{literal}}' AS s, $b, $a, $a FROM {{ source }} JOIN {{other}} USING (id);\n`);
    expect(file).toMatchObject({ relations: ['other', 'source'], parameters: ['a', 'b'] });
    expect(file.text.endsWith(';')).toBe(false);
  });

  it('refuses an empty file or more than one statement, naming the file', () => {
    expect(() => parseSqlFile('empty.sql', ' \n')).toThrow('SQL file empty.sql is empty');
    expect(() => parseSqlFile('two.sql', 'SELECT 1; DROP TABLE t')).toThrow(/two\.sql must hold exactly one statement/);
  });
});

describe('quoteRelationName', () => {
  it('quotes each part of a dotted name and refuses anything else', () => {
    expect(quoteRelationName('main.silver_v2')).toBe('"main"."silver_v2"');
    for (const bad of ['', 'a b', 'x"; DROP TABLE y; --', '1abc', 'a.b.c.d', "read_parquet('x')"]) expect(() => quoteRelationName(bad)).toThrow(/not an identifier/);
  });
});

describe('renderSqlFile and createTableFromSqlFile', () => {
  const file = parseSqlFile('sum.sql', 'SELECT sum(v) + $extra AS total FROM {{numbers}}');

  it('names missing and unknown relations or parameters', async () => {
    expect(() => renderSqlFile(file, {})).toThrow('SQL file sum.sql: relations do not match (missing numbers); it uses numbers');
    expect(() => renderSqlFile(file, { numbers: 'n', typo: 'x' })).toThrow(/not used by the file: typo/);
    const db = await openTestDuckDB();
    try {
      await expect(createTableFromSqlFile(db.connection, file, 'out', { relations: { numbers: 'n' }, parameters: {} })).rejects.toThrow(/parameters do not match \(missing extra\)/);
    } finally {
      db.close();
    }
  });

  it('binds parameters as values, so text stays text', async () => {
    const db = await openTestDuckDB();
    try {
      await db.connection.run(`CREATE TABLE n AS SELECT * FROM range(5) t(v)`);
      await createTableFromSqlFile(db.connection, file, 'out', { relations: { numbers: 'n' }, parameters: { extra: 100 } });
      expect(await readRows(db.connection, 'SELECT * FROM out')).toEqual([{ total: 110 }]);
      const echo = parseSqlFile('echo.sql', 'SELECT $text AS text');
      await createTableFromSqlFile(db.connection, echo, 'echoed', { relations: {}, parameters: { text: "x'; DROP TABLE n; --" } });
      expect(await readRows(db.connection, 'SELECT text, (SELECT count(*) FROM n) AS n FROM echoed')).toEqual([{ text: "x'; DROP TABLE n; --", n: 5 }]);
    } finally {
      db.close();
    }
  });

  it('wraps a DuckDB error with the file and target table', async () => {
    const db = await openTestDuckDB();
    try {
      await expect(createTableFromSqlFile(db.connection, file, 'out', { relations: { numbers: 'missing_table' }, parameters: { extra: 1 } })).rejects.toThrow(
        /Running SQL file sum\.sql into table out failed: .*missing_table/,
      );
    } finally {
      db.close();
    }
  });
});

describe('loadSqlFile', () => {
  it('reads a file under a directory, and names the path it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'metrics-sql-'));
    try {
      await writeFile(join(dir, 'one.sql'), 'SELECT 1 AS one FROM {{t}};\n');
      await expect(loadSqlFile('one.sql', dir)).resolves.toMatchObject({ path: join(dir, 'one.sql'), relations: ['t'], parameters: [] });
      await expect(loadSqlFile('absent.sql', dir)).rejects.toThrow(`Cannot read SQL file ${join(dir, 'absent.sql')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
