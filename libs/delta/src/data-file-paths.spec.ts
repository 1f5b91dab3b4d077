import { DataFilePaths, encodeActionPath, escapePartitionPathName, partitionDirectory } from './data-file-paths';

describe('DataFilePaths', () => {
  const local = new DataFilePaths('file:///data/lake/bronze');

  it('decodes relative paths into store keys', () => {
    expect(local.locate('special%20p@%23h')).toEqual({ kind: 'table', key: 'special p@#h', uri: 'file:///data/lake/bronze/special p@#h' });
    expect(local.locate('as_timestamp=2021-09-08%2011%253A11%253A11/part-0.parquet')).toMatchObject({
      key: 'as_timestamp=2021-09-08 11%3A11%3A11/part-0.parquet',
    });
  });

  it('gives the same key to every spelling of one file', () => {
    const spellings = ['a%20b.parquet', 'file:/data/lake/bronze/a%20b.parquet', 'file:///data/lake/bronze/a%20b.parquet', '/data/lake/bronze/a%20b.parquet'];
    expect(new Set(spellings.map((path) => local.fileKey(path))).size).toBe(1);
    expect(local.fileKey('a%20b.parquet', 'u123')).not.toBe(local.fileKey('a%20b.parquet'));
  });

  it('keeps files outside the table root as external', () => {
    expect(local.locate('file:/elsewhere/x.parquet')).toEqual({ kind: 'external', uri: 'file:///elsewhere/x.parquet' });
    expect(local.locate('../x.parquet')).toEqual({ kind: 'external', uri: 'file:///data/lake/x.parquet' });
  });

  it('treats s3a:// like s3:// and resolves against remote roots', () => {
    const s3 = new DataFilePaths('s3://lake/bronze');
    expect(s3.locate('s3a://lake/bronze/d=1/f.parquet')).toMatchObject({ kind: 'table', key: 'd=1/f.parquet' });
    expect(new DataFilePaths('hdfs://nn:8020/lake/t').locate('x.parquet')).toMatchObject({ kind: 'table', key: 'x.parquet' });
  });

  it('throws on malformed percent-encoding', () => {
    expect(() => local.locate('bad%E0%A4%A.parquet')).toThrow(/malformed percent-encoding/);
  });
});

describe('partition directories and action paths (Spark conventions)', () => {
  it('escapes names like Hive and encodes paths like a URI', () => {
    expect(escapePartitionPathName('2021-09-08 11:11:11')).toBe('2021-09-08 11%3A11%3A11');
    expect(escapePartitionPathName('a/b=c%d#e')).toBe('a%2Fb%3Dc%25d%23e');
    expect(encodeActionPath('as_timestamp=2021-09-08 11%3A11%3A11/part-0.parquet')).toBe('as_timestamp=2021-09-08%2011%253A11%253A11/part-0.parquet');
    expect(encodeActionPath('special p@#h')).toBe('special%20p@%23h');
    expect(encodeActionPath('é:x')).toBe('%C3%A9%3Ax');
  });

  it('builds col=value directories, with nulls and empty strings as __HIVE_DEFAULT_PARTITION__', () => {
    expect(partitionDirectory(['day', 'country', 'city'], { day: '2024-01-01', country: null, city: '' })).toBe(
      'day=2024-01-01/country=__HIVE_DEFAULT_PARTITION__/city=__HIVE_DEFAULT_PARTITION__',
    );
    expect(partitionDirectory([], {})).toBe('');
  });

  it('round-trips: an encoded key locates back to itself', () => {
    const paths = new DataFilePaths('file:///t');
    const key = `${partitionDirectory(['c'], { c: 'a/b:c d%é' })}/part-1.parquet`;
    expect(paths.locate(encodeActionPath(key))).toMatchObject({ kind: 'table', key });
  });
});
