import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUriOf, openObjectStore } from '@music/storage';
import { DeltaTable } from './delta-table';
import type { StructField } from './delta-schema';
import {
  checkpointInterval,
  deletedFileRetentionMillis,
  indexedColumnCount,
  parquetCodec,
  parseIntervalMillis,
  statsColumnNames,
  statsFields,
  validateCreateProperties,
} from './table-properties';

describe('table properties', () => {
  it('reads intervals, counts and codecs with their defaults', () => {
    expect(parseIntervalMillis('interval 1 weeks')).toBe(604_800_000);
    expect(parseIntervalMillis('interval 30 days')).toBe(2_592_000_000);
    expect(parseIntervalMillis('2 hours')).toBe(7_200_000);
    expect(parseIntervalMillis('forever')).toBeUndefined();
    expect(checkpointInterval({})).toBe(10);
    expect(checkpointInterval({}, 3)).toBe(3);
    expect(checkpointInterval({ 'delta.checkpointInterval': '5' }, 3)).toBe(5);
    expect(indexedColumnCount({ 'delta.dataSkippingNumIndexedCols': '-1' })).toBe(Number.POSITIVE_INFINITY);
    expect(deletedFileRetentionMillis({})).toBe(604_800_000);
    expect(parquetCodec({})).toBe('zstd');
    expect(parquetCodec({ 'delta.parquet.compression.codec': 'SNAPPY' })).toBe('snappy');
  });

  it.each([
    [{ 'delta.enableChangeDataFeed': 'true' }, /not supported by @music\/delta/],
    [{ 'delta.columnMapping.mode': 'name' }, /not supported/],
    [{ 'delta.checkpointInterval': '0' }, /positive integer/],
    [{ 'delta.appendOnly': 'yes' }, /"true" or "false"/],
    [{ 'delta.parquet.compression.codec': 'brotli' }, /expected one of/],
    [{ 'delta.logRetentionDuration': 'a while' }, /interval/],
    [{ 'delta.dataSkippingStatsColumns': 'a,,b' }, /comma-separated column names/],
    [{ 'delta.dataSkippingStatsColumns': 'a.b' }, /nested column/],
    [{ 'delta.dataSkippingStatsColumns': '`a' }, /unterminated backtick/],
  ])('refuses %j at creation', (properties, message) => {
    expect(() => validateCreateProperties(properties)).toThrow(message);
  });

  it('accepts free keys and the supported delta.* ones', () => {
    expect(() => validateCreateProperties({ owner: 'x', 'delta.appendOnly': 'true', 'delta.checkpointInterval': '20' })).not.toThrow();
  });

  it('parses delta.dataSkippingStatsColumns: plain and backticked names, spaces around commas', () => {
    expect(statsColumnNames({})).toBeUndefined();
    expect(statsColumnNames({ 'delta.dataSkippingStatsColumns': 'a, b ,`c,d`, `e``f` ,g' })).toEqual(['a', 'b', 'c,d', 'e`f', 'g']);
  });

  it('indexes the named columns when delta.dataSkippingStatsColumns is set, whatever the count says', () => {
    const fields: StructField[] = ['id', 'user_id', 'Country', 'ts'].map((name) => ({ name, type: 'string', nullable: true, metadata: {} }));
    const names = (configuration: Record<string, string>) => statsFields(configuration, fields).map((field) => field.name);
    expect(names({})).toEqual(['id', 'user_id', 'Country', 'ts']);
    expect(names({ 'delta.dataSkippingNumIndexedCols': '2' })).toEqual(['id', 'user_id']);
    expect(names({ 'delta.dataSkippingStatsColumns': 'ts,country,id', 'delta.dataSkippingNumIndexedCols': '1' })).toEqual(['id', 'Country', 'ts']);
  });

  it('writes no statistics for the columns delta.dataSkippingStatsColumns leaves out, and refuses unknown or partition columns', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'stats-columns-'));
    const field = (name: string, type: 'string' | 'long') => ({ name, type, nullable: false, metadata: {} });
    const schema = { type: 'struct' as const, fields: [field('id', 'long'), field('user_id', 'string'), field('country', 'string'), field('day', 'string')] };
    try {
      const store = (name: string) => openObjectStore(fileUriOf(join(directory, name)));
      await expect(DeltaTable.create(store('unknown'), { schema, properties: { 'delta.dataSkippingStatsColumns': 'id,email' } })).rejects.toThrow(/email, which is not a top-level column/);
      await expect(
        DeltaTable.create(store('partition'), { schema, partitionColumns: ['day'], properties: { 'delta.dataSkippingStatsColumns': 'id,day' } }),
      ).rejects.toThrow(/partition column day/);
      const table = await DeltaTable.create(store('t'), { schema, partitionColumns: ['day'], properties: { 'delta.dataSkippingStatsColumns': 'id,country' } });
      try {
        await table.append([{ id: 7, user_id: 'listener-42', country: 'FR', day: 'mon' }]);
        const commit = await readFile(join(directory, 't', '_delta_log', '00000000000000000001.json'), 'utf8');
        const add = commit.split('\n').map((line) => (line === '' ? {} : JSON.parse(line))).find((action) => action.add)?.add;
        expect(JSON.parse(add.stats)).toEqual({ numRecords: 1, minValues: { id: 7, country: 'FR' }, maxValues: { id: 7, country: 'FR' }, nullCount: { id: 0, country: 0 } });
        expect(commit).not.toContain('listener-42');
      } finally {
        await table.close();
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
