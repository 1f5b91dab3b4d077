import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from './duckdb-session';
import {
  assembleParquetFile,
  type EncodedColumnChunk,
  type EncodedDataPage,
  type EncodedPage,
  type ParquetFileInput,
} from './parquet-file-assembly';

// Page bodies are encoded here by hand (PLAIN, RLE/bit-packed hybrid), independently of the
// WebAssembly encoder, so that DuckDB judges the metadata alone.

function int32s(values: readonly number[]): Uint8Array {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((value, index) => bytes.writeInt32LE(value, 4 * index));
  return bytes;
}

function int64s(values: readonly bigint[]): Uint8Array {
  const bytes = Buffer.alloc(8 * values.length);
  values.forEach((value, index) => bytes.writeBigInt64LE(value, 8 * index));
  return bytes;
}

function doubles(values: readonly number[]): Uint8Array {
  const bytes = Buffer.alloc(8 * values.length);
  values.forEach((value, index) => bytes.writeDoubleLE(value, 8 * index));
  return bytes;
}

/** PLAIN booleans: one bit each, least significant bit first. */
function booleans(values: readonly boolean[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, index) => {
    if (value) bytes[index >> 3] = (bytes[index >> 3] as number) | (1 << (index & 7));
  });
  return bytes;
}

/** PLAIN byte arrays: 4-byte LE length, then the bytes. */
function byteArrays(values: readonly (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(
    values.flatMap((value) => {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return [length, bytes];
    }),
  );
}

function unsignedVarint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}

/** An RLE run of the hybrid encoding: header `count << 1`, then the value in ceil(width / 8) bytes. */
function rleRun(value: number, count: number, bitWidth: number): number[] {
  const valueBytes = Array.from({ length: Math.ceil(bitWidth / 8) }, (_, index) => (value >> (8 * index)) & 0xff);
  return [...unsignedVarint(count << 1), ...valueBytes];
}

/** A bit-packed run of the hybrid encoding: header `groups << 1 | 1`, then groups of 8 values, LSB first. */
function bitPackedRun(values: readonly number[], bitWidth: number): number[] {
  const groups = Math.ceil(values.length / 8);
  const bytes = new Array<number>(groups * bitWidth).fill(0);
  values.forEach((value, index) => {
    for (let bit = 0; bit < bitWidth; bit++) {
      if ((value >> bit) & 1) {
        const position = index * bitWidth + bit;
        bytes[position >> 3] = (bytes[position >> 3] as number) | (1 << (position & 7));
      }
    }
  });
  return [...unsignedVarint((groups << 1) | 1), ...bytes];
}

/** DATA_PAGE v1 definition levels (bit width 1): their byte length (4 bytes LE), then the runs. */
function definitionLevels(runs: readonly number[]): Uint8Array {
  return Buffer.concat([int32s([runs.length]), Uint8Array.from(runs)]);
}

function definedFlags<T>(values: readonly (T | null)[]): number[] {
  return values.map((value) => (value === null ? 0 : 1));
}

function nonNull<T>(values: readonly (T | null)[]): T[] {
  return values.filter((value): value is T => value !== null);
}

function page(body: Uint8Array, valueCount: number, extra: Partial<EncodedDataPage> = {}): EncodedDataPage {
  return { body, uncompressedSize: body.length, valueCount, encoding: 'PLAIN', nullCount: 0, ...extra };
}

function dictionaryPage(body: Uint8Array, entries: number): EncodedPage {
  return { body, uncompressedSize: body.length, valueCount: entries };
}

function column(
  name: string,
  physicalType: EncodedColumnChunk['physicalType'],
  dataPages: readonly EncodedDataPage[],
  extra: Partial<EncodedColumnChunk> = {},
): EncodedColumnChunk {
  return { name, physicalType, nullable: false, codec: 'UNCOMPRESSED', dataPages, ...extra };
}

/**
 * Snappy with literals only: the uncompressed length as a varint, then literal elements of at
 * most 60 bytes (tag `(length - 1) << 2`). Valid for any Snappy decoder, and no dependency.
 */
function snappyLiterals(bytes: Uint8Array): Uint8Array {
  const out: number[] = unsignedVarint(bytes.length);
  for (let start = 0; start < bytes.length; start += 60) {
    const piece = bytes.subarray(start, start + 60);
    out.push((piece.length - 1) << 2, ...piece);
  }
  return Uint8Array.from(out);
}

function snappyPage(body: Uint8Array, valueCount: number, extra: Partial<EncodedDataPage> = {}): EncodedDataPage {
  return { ...page(snappyLiterals(body), valueCount, extra), uncompressedSize: body.length };
}

let session: DuckDBSession;
let directory: string;
let fileCount = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'music-delta-parquet-assembly-'));
  session = await DuckDBSession.create();
});

afterAll(async () => {
  await session?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function writeParquet(input: ParquetFileInput): Promise<{ path: string; bytes: Buffer }> {
  const bytes = assembleParquetFile(input);
  const path = join(directory, `file-${++fileCount}.parquet`);
  await writeFile(path, bytes);
  return { path, bytes };
}

const CREATED_BY = 'music-delta version 0.1.0 (build test)';

async function columnTypes(path: string): Promise<Record<string, unknown>> {
  const described = await session.rows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  return Object.fromEntries(described.map((row) => [row['column_name'], row['column_type']]));
}

async function schemaOf(path: string): Promise<Record<string, unknown>[]> {
  return session.rows(
    `SELECT name, type, repetition_type, num_children, converted_type, logical_type FROM parquet_schema('${path}')`,
  );
}

async function chunkMetadata(path: string): Promise<Record<string, unknown>[]> {
  return session.rows(`SELECT * FROM parquet_metadata('${path}') ORDER BY column_id`);
}

/** What DuckDB reports of a chunk's statistics and encodings, by column name. */
async function statisticsOf(path: string): Promise<Record<string, unknown>> {
  const chunks = await chunkMetadata(path);
  return Object.fromEntries(
    chunks.map((chunk) => [
      chunk['path_in_schema'],
      { min: chunk['stats_min_value'], max: chunk['stats_max_value'], nulls: chunk['stats_null_count'] },
    ]),
  );
}

describe('assembleParquetFile', () => {
  it('writes every supported physical and logical type so that DuckDB reads them back', async () => {
    const i32 = [1, -2, 2_147_483_647, -2_147_483_648, 0];
    const i64 = [0n, -1n, 9_007_199_254_740_993n, -9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n];
    // 1970 minus 1 µs, the epoch, 2023-11-14 22:13:20.123456, 1900-01-01, 9999-12-31 23:59:59.999999.
    const micros = [-1n, 0n, 1_700_000_000_123_456n, -2_208_988_800_000_000n, 253_402_300_799_999_999n];
    const flags = [true, false, true, true, false];
    const names = ['a', 'héllo', '日本語', '', '🎵 music'];
    // The epoch, the day before, 2024-01-01, 0001-01-01, 9999-12-31.
    const days = [0, -1, 19_723, -719_162, 2_932_896];
    const tiny = [-128, 127, 0, 1, -1];
    const small = [-32_768, 32_767, 0, 1_000, -1_000];
    const scores = [1.5, -0.25, 0, 1e300, -2.5e-300];
    const raw = [Uint8Array.from([0, 255]), Uint8Array.from([]), Uint8Array.from([1]), Uint8Array.from([0x80, 0x81]), Uint8Array.from([7])];
    const { path } = await writeParquet({
      rows: 5,
      createdBy: CREATED_BY,
      columns: [
        column('i32', 'INT32', [page(int32s(i32), 5)], { statistics: { min: int32s([-2_147_483_648]), max: int32s([2_147_483_647]), nullCount: 0 } }),
        column('i64', 'INT64', [page(int64s(i64), 5)], {
          statistics: { min: int64s([-9_223_372_036_854_775_808n]), max: int64s([9_223_372_036_854_775_807n]), nullCount: 0 },
        }),
        column('ts', 'INT64', [page(int64s(micros), 5)], {
          logicalType: 'TIMESTAMP_MICROS_UTC',
          statistics: { min: int64s([-2_208_988_800_000_000n]), max: int64s([253_402_300_799_999_999n]), nullCount: 0 },
        }),
        column('flag', 'BOOLEAN', [page(booleans(flags), 5)], { statistics: { min: Uint8Array.from([0]), max: Uint8Array.from([1]), nullCount: 0 } }),
        column('name', 'BYTE_ARRAY', [page(byteArrays(names), 5)], {
          logicalType: 'STRING',
          statistics: { min: Buffer.from(''), max: Buffer.from('🎵 music'), nullCount: 0 },
        }),
        column('day', 'INT32', [page(int32s(days), 5)], {
          logicalType: 'DATE',
          statistics: { min: int32s([-719_162]), max: int32s([2_932_896]), nullCount: 0 },
        }),
        column('tiny', 'INT32', [page(int32s(tiny), 5)], { logicalType: 'INT8', statistics: { min: int32s([-128]), max: int32s([127]), nullCount: 0 } }),
        column('small', 'INT32', [page(int32s(small), 5)], { logicalType: 'INT16', statistics: { min: int32s([-32_768]), max: int32s([32_767]), nullCount: 0 } }),
        column('score', 'DOUBLE', [page(doubles(scores), 5)], { statistics: { min: doubles([-0.25]), max: doubles([1e300]), nullCount: 0 } }),
        column('raw', 'BYTE_ARRAY', [page(byteArrays(raw), 5)]),
      ],
    });

    expect(await columnTypes(path)).toEqual({
      i32: 'INTEGER',
      i64: 'BIGINT',
      ts: 'TIMESTAMP WITH TIME ZONE',
      flag: 'BOOLEAN',
      name: 'VARCHAR',
      day: 'DATE',
      tiny: 'TINYINT',
      small: 'SMALLINT',
      score: 'DOUBLE',
      raw: 'BLOB',
    });
    const rows = await session.rows(
      `SELECT i32, i64, epoch_us(ts) AS ts, flag, name, CAST(day - DATE '1970-01-01' AS INTEGER) AS day, tiny, small, score, hex(raw) AS raw
       FROM read_parquet('${path}')`,
    );
    expect(rows).toEqual(
      i32.map((_, index) => ({
        i32: i32[index],
        i64: i64[index],
        ts: micros[index],
        flag: flags[index],
        name: names[index],
        day: days[index],
        tiny: tiny[index],
        small: small[index],
        score: scores[index],
        raw: Buffer.from(raw[index] as Uint8Array).toString('hex').toUpperCase(),
      })),
    );

    expect(await schemaOf(path)).toEqual([
      { name: 'schema', type: null, repetition_type: null, num_children: 10n, converted_type: null, logical_type: null },
      { name: 'i32', type: 'INT32', repetition_type: 'REQUIRED', num_children: null, converted_type: null, logical_type: null },
      { name: 'i64', type: 'INT64', repetition_type: 'REQUIRED', num_children: null, converted_type: null, logical_type: null },
      {
        name: 'ts',
        type: 'INT64',
        repetition_type: 'REQUIRED',
        num_children: null,
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: 'TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))',
      },
      { name: 'flag', type: 'BOOLEAN', repetition_type: 'REQUIRED', num_children: null, converted_type: null, logical_type: null },
      { name: 'name', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', num_children: null, converted_type: 'UTF8', logical_type: 'StringType()' },
      { name: 'day', type: 'INT32', repetition_type: 'REQUIRED', num_children: null, converted_type: 'DATE', logical_type: 'DateType()' },
      // DuckDB prints the i8 bitWidth as a character: \x08, \x10.
      {
        name: 'tiny',
        type: 'INT32',
        repetition_type: 'REQUIRED',
        num_children: null,
        converted_type: 'INT_8',
        logical_type: `IntType(bitWidth=${String.fromCharCode(8)}, isSigned=1)`,
      },
      {
        name: 'small',
        type: 'INT32',
        repetition_type: 'REQUIRED',
        num_children: null,
        converted_type: 'INT_16',
        logical_type: `IntType(bitWidth=${String.fromCharCode(16)}, isSigned=1)`,
      },
      { name: 'score', type: 'DOUBLE', repetition_type: 'REQUIRED', num_children: null, converted_type: null, logical_type: null },
      { name: 'raw', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', num_children: null, converted_type: null, logical_type: null },
    ]);

    expect(await statisticsOf(path)).toEqual({
      i32: { min: '-2147483648', max: '2147483647', nulls: 0n },
      i64: { min: '-9223372036854775808', max: '9223372036854775807', nulls: 0n },
      ts: { min: '1900-01-01 00:00:00+00', max: '9999-12-31 23:59:59.999999+00', nulls: 0n },
      flag: { min: 'false', max: 'true', nulls: 0n },
      name: { min: '', max: '🎵 music', nulls: 0n },
      day: { min: '0001-01-01', max: '9999-12-31', nulls: 0n },
      tiny: { min: '-128', max: '127', nulls: 0n },
      small: { min: '-32768', max: '32767', nulls: 0n },
      score: { min: '-0.25', max: '1e+300', nulls: 0n },
      raw: { min: null, max: null, nulls: 0n },
    });

    // The bounds are used: a filter outside them reads nothing, one inside finds the row.
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE name = 'héllo'`)).toEqual([{ n: 1n }]);
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE day > DATE '2024-01-01'`)).toEqual([{ n: 1n }]);
  });

  it('writes nullable columns whose pages start with definition levels, across two data pages', async () => {
    const counts = [1, null, 3, null, null, 6];
    const words = [null, 'x', 'ÿ', null, 'a longer value, with ünïcödé', ''];
    // Two pages of 4 and 2 rows.
    const amounts = [10n, null, -10n, null, null, -9_000_000_000n];
    const { path } = await writeParquet({
      rows: 6,
      createdBy: CREATED_BY,
      columns: [
        column(
          'count',
          'INT32',
          [page(Buffer.concat([definitionLevels(bitPackedRun(definedFlags(counts), 1)), int32s(nonNull(counts))]), 6, { nullCount: 3 })],
          { nullable: true, statistics: { min: int32s([1]), max: int32s([6]), nullCount: 3 } },
        ),
        column(
          'word',
          'BYTE_ARRAY',
          [page(Buffer.concat([definitionLevels(bitPackedRun(definedFlags(words), 1)), byteArrays(nonNull(words))]), 6, { nullCount: 2 })],
          { nullable: true, logicalType: 'STRING', statistics: { min: Buffer.from(''), max: Buffer.from('ÿ'), nullCount: 2 } },
        ),
        column(
          'amount',
          'INT64',
          [
            page(Buffer.concat([definitionLevels(bitPackedRun(definedFlags(amounts.slice(0, 4)), 1)), int64s([10n, -10n])]), 4, { nullCount: 2 }),
            // An RLE run of one null, then a bit-packed run for the last row.
            page(Buffer.concat([definitionLevels([...rleRun(0, 1, 1), ...bitPackedRun([1], 1)]), int64s([-9_000_000_000n])]), 2, { nullCount: 1 }),
          ],
          { nullable: true, statistics: { min: int64s([-9_000_000_000n]), max: int64s([10n]), nullCount: 3 } },
        ),
        // All null: one RLE run of level 0 and no values; no bounds.
        column('nothing', 'INT64', [page(definitionLevels(rleRun(0, 6, 1)), 6, { nullCount: 6 })], { nullable: true, statistics: { nullCount: 6 } }),
        // Nullable without nulls: one RLE run of level 1.
        column('flag', 'BOOLEAN', [page(Buffer.concat([definitionLevels(rleRun(1, 6, 1)), booleans([true, true, false, true, false, false])]), 6)], {
          nullable: true,
        }),
      ],
    });

    expect(await session.rows(`SELECT * FROM read_parquet('${path}')`)).toEqual(
      counts.map((count, index) => ({
        count,
        word: words[index],
        amount: amounts[index],
        nothing: null,
        flag: [true, true, false, true, false, false][index],
      })),
    );
    expect((await schemaOf(path)).map((element) => element['repetition_type'])).toEqual([null, 'OPTIONAL', 'OPTIONAL', 'OPTIONAL', 'OPTIONAL', 'OPTIONAL']);
    expect(await statisticsOf(path)).toEqual({
      count: { min: '1', max: '6', nulls: 3n },
      word: { min: '', max: 'ÿ', nulls: 2n },
      amount: { min: '-9000000000', max: '10', nulls: 3n },
      nothing: { min: null, max: null, nulls: 6n },
      // Without statistics given, the null count still comes from the pages.
      flag: { min: null, max: null, nulls: 0n },
    });
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE amount IS NULL`)).toEqual([{ n: 3n }]);
  });

  it('writes dictionary-encoded columns: a PLAIN dictionary page, then RLE_DICTIONARY data pages', async () => {
    const dictionary = ['rock', 'jazz', 'électro'];
    // 12 rows in a first page (an RLE run of 10, then a bit-packed run), 3 in a second one.
    const firstIndexes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const secondIndexes = [2, 1, 0];
    const moods = ['calm', 'loud'];
    const moodIndexes = [1, null, 0, 0, null, 1, 1, 0, 1, 0, null, 0, 1, 1, null];
    const { path, bytes } = await writeParquet({
      rows: 15,
      createdBy: CREATED_BY,
      columns: [
        column(
          'genre',
          'BYTE_ARRAY',
          [
            page(Uint8Array.from([2, ...rleRun(0, 10, 2), ...bitPackedRun([1, 2], 2)]), 12, { encoding: 'RLE_DICTIONARY' }),
            page(Uint8Array.from([2, ...bitPackedRun(secondIndexes, 2)]), 3, { encoding: 'RLE_DICTIONARY' }),
          ],
          {
            logicalType: 'STRING',
            dictionaryPage: dictionaryPage(byteArrays(dictionary), 3),
            statistics: { min: Buffer.from('jazz'), max: Buffer.from('électro'), nullCount: 0 },
          },
        ),
        column(
          'mood',
          'BYTE_ARRAY',
          [
            page(
              Buffer.concat([
                definitionLevels(bitPackedRun(definedFlags(moodIndexes), 1)),
                Uint8Array.from([1, ...bitPackedRun(nonNull(moodIndexes), 1)]),
              ]),
              15,
              { encoding: 'RLE_DICTIONARY', nullCount: 4 },
            ),
          ],
          { nullable: true, logicalType: 'STRING', dictionaryPage: dictionaryPage(byteArrays(moods), 2) },
        ),
      ],
    });

    const genres = [...firstIndexes, ...secondIndexes].map((index) => dictionary[index]);
    const expectedMoods = moodIndexes.map((index) => (index === null ? null : moods[index]));
    expect(await session.rows(`SELECT genre, mood FROM read_parquet('${path}')`)).toEqual(
      genres.map((genre, index) => ({ genre, mood: expectedMoods[index] })),
    );

    const [genre, mood] = await chunkMetadata(path);
    expect(genre).toMatchObject({
      path_in_schema: 'genre',
      type: 'BYTE_ARRAY',
      num_values: 15n,
      compression: 'UNCOMPRESSED',
      dictionary_page_offset: 4n,
      stats_min_value: 'jazz',
      stats_max_value: 'électro',
      stats_null_count: 0n,
    });
    expect(String(genre?.['encodings']).split(', ').sort()).toEqual(['PLAIN', 'RLE', 'RLE_DICTIONARY']);
    // The data pages follow the dictionary page: its header, then its body.
    expect(Number(genre?.['data_page_offset'])).toBeGreaterThan(4 + byteArrays(dictionary).length);
    expect(mood).toMatchObject({ path_in_schema: 'mood', num_values: 15n, stats_null_count: 4n, stats_min_value: null });
    expect(Number(mood?.['dictionary_page_offset'])).toBe(4 + Number(genre?.['total_compressed_size']));
    // The body of the dictionary page sits right before the first data page header.
    const dictionaryEnd = Number(genre?.['data_page_offset']);
    expect(bytes.subarray(dictionaryEnd - byteArrays(dictionary).length, dictionaryEnd)).toEqual(Buffer.from(byteArrays(dictionary)));
  });

  it('lays out chunks back to back, sizes including page headers, with the footer at the end', async () => {
    const plainValues = Array.from({ length: 100 }, (_, index) => index * 7 - 300);
    const words = Array.from({ length: 100 }, (_, index) => `word-${index % 3}`);
    const wordPages = [words.slice(0, 70), words.slice(70)];
    const columns = [
      column('plain', 'INT32', [snappyPage(int32s(plainValues), 100)], { codec: 'SNAPPY' }),
      column(
        'word',
        'BYTE_ARRAY',
        wordPages.map((values) => snappyPage(Uint8Array.from([2, ...bitPackedRun(values.map((word) => Number(word.slice(5))), 2)]), values.length, { encoding: 'RLE_DICTIONARY' })),
        {
          codec: 'SNAPPY',
          logicalType: 'STRING',
          dictionaryPage: { body: snappyLiterals(byteArrays(['word-0', 'word-1', 'word-2'])), uncompressedSize: byteArrays(['word-0', 'word-1', 'word-2']).length, valueCount: 3 },
        },
      ),
      column('flag', 'BOOLEAN', [page(booleans(plainValues.map((value) => value > 0)), 100)]),
    ];
    const { path, bytes } = await writeParquet({ rows: 100, createdBy: CREATED_BY, columns, keyValueMetadata: { 'music.writer': 'wasm', note: 'é' } });

    expect(await session.rows(`SELECT plain, word, flag FROM read_parquet('${path}')`)).toEqual(
      plainValues.map((plain, index) => ({ plain, word: words[index], flag: plain > 0 })),
    );

    expect(bytes.subarray(0, 4).toString('ascii')).toBe('PAR1');
    expect(bytes.subarray(-4).toString('ascii')).toBe('PAR1');
    const footerLength = bytes.readUInt32LE(bytes.length - 8);
    const footerStart = bytes.length - 8 - footerLength;
    const chunks = await chunkMetadata(path);
    let expectedStart = 4;
    chunks.forEach((chunk, index) => {
      const start = Number(chunk['dictionary_page_offset'] ?? chunk['data_page_offset']);
      expect([chunk['path_in_schema'], start]).toEqual([chunk['path_in_schema'], expectedStart]);
      expectedStart += Number(chunk['total_compressed_size']);
      const pages = [columns[index]?.dictionaryPage, ...(columns[index]?.dataPages ?? [])].filter((each) => each !== undefined);
      const saved = pages.reduce((sum, each) => sum + each.uncompressedSize - each.body.length, 0);
      expect(Number(chunk['total_uncompressed_size']) - Number(chunk['total_compressed_size'])).toBe(saved);
      expect(chunk).toMatchObject({ row_group_id: 0n, row_group_num_rows: 100n, num_values: 100n, file_offset: 0n });
    });
    expect(expectedStart).toBe(footerStart);
    expect(chunks.map((chunk) => [chunk['compression'], chunk['encodings']])).toEqual([
      ['SNAPPY', 'PLAIN, RLE'],
      ['SNAPPY', 'PLAIN, RLE, RLE_DICTIONARY'],
      ['UNCOMPRESSED', 'PLAIN, RLE'],
    ]);
    const sum = (field: string): bigint => chunks.reduce((total, chunk) => total + (chunk[field] as bigint), 0n);
    expect(chunks[0]).toMatchObject({ row_group_bytes: sum('total_uncompressed_size'), row_group_compressed_bytes: sum('total_compressed_size') });

    expect(
      await session.rows(
        `SELECT created_by, num_rows, num_row_groups, format_version, footer_size, column_orders FROM parquet_file_metadata('${path}')`,
      ),
    ).toEqual([
      {
        created_by: CREATED_BY,
        num_rows: 100n,
        num_row_groups: 1n,
        format_version: 1n,
        footer_size: BigInt(footerLength),
        column_orders: new Array(3).fill('ColumnOrder(TYPE_ORDER=TypeDefinedOrder())'),
      },
    ]);
    expect(await session.rows(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${path}') ORDER BY key`)).toEqual([
      { key: 'music.writer', value: 'wasm' },
      { key: 'note', value: 'é' },
    ]);
  });

  it('writes bounds that DuckDB trusts to skip the row group, strings included', async () => {
    // Deliberately wrong bounds: a reader that uses them finds nothing outside them.
    const { path } = await writeParquet({
      rows: 2,
      createdBy: CREATED_BY,
      columns: [
        column('n', 'INT32', [page(int32s([1, 50]), 2)], { statistics: { min: int32s([1]), max: int32s([9]), nullCount: 0 } }),
        column('s', 'BYTE_ARRAY', [page(byteArrays(['b', 'é']), 2)], {
          logicalType: 'STRING',
          statistics: { min: Buffer.from('a'), max: Buffer.from('c'), nullCount: 0 },
        }),
      ],
    });
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 2n }]);
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE n = 50`)).toEqual([{ n: 0n }]);
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE s = 'é'`)).toEqual([{ n: 0n }]);
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}') WHERE s = 'b'`)).toEqual([{ n: 1n }]);
  });

  it('writes a file without rows', async () => {
    const { path } = await writeParquet({
      rows: 0,
      createdBy: CREATED_BY,
      columns: [
        column('id', 'INT64', [page(new Uint8Array(0), 0)]),
        column('name', 'BYTE_ARRAY', [page(new Uint8Array(0), 0)], { nullable: true, logicalType: 'STRING' }),
      ],
    });
    expect(await columnTypes(path)).toEqual({ id: 'BIGINT', name: 'VARCHAR' });
    expect(await session.rows(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }]);
  });

  it('refuses inconsistent input, naming the column and what is wrong', () => {
    const ints = (count: number): EncodedDataPage => page(int32s(new Array<number>(count).fill(0)), count);
    const file = (...columns: EncodedColumnChunk[]): ParquetFileInput => ({ rows: 2, createdBy: CREATED_BY, columns });
    expect(() => assembleParquetFile(file())).toThrow('Parquet file: at least one column is needed');
    expect(() => assembleParquetFile({ ...file(column('a', 'INT32', [ints(2)])), rows: -1 })).toThrow('row count must be a non-negative integer, got -1');
    expect(() => assembleParquetFile(file(column('a', 'INT32', [ints(2)]), column('a', 'INT32', [ints(2)])))).toThrow('column a appears twice');
    expect(() => assembleParquetFile(file(column('a', 'INT32', [ints(1)])))).toThrow('Parquet column a: the data pages hold 1 values for 2 rows');
    expect(() => assembleParquetFile(file(column('a', 'INT32', [])))).toThrow('Parquet column a: no data page');
    expect(() => assembleParquetFile(file(column('a', 'INT64', [ints(2)], { logicalType: 'DATE' })))).toThrow(
      'Parquet column a: logical type DATE needs physical type INT32, not INT64',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [page(int32s([1]), 2, { nullCount: 1 })])))).toThrow(
      'Parquet column a: 1 nulls in a column that is not nullable',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [page(int32s([1]), 2, { nullCount: 3 })], { nullable: true })))).toThrow(
      'Parquet column a: data page 0 has 3 nulls for 2 values',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [page(int32s([1]), 2, { encoding: 'RLE_DICTIONARY' })])))).toThrow(
      'Parquet column a: data page 0 is RLE_DICTIONARY-encoded but there is no dictionary page',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [page(int32s([1]), 2, { encoding: 'RLE' })])))).toThrow(
      'Parquet column a: data page 0 is RLE-encoded, which only BOOLEAN values can be',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [ints(2)], { statistics: { min: int64s([0n]), nullCount: 0 } })))).toThrow(
      'Parquet column a: min statistic has 8 bytes, a PLAIN INT32 has 4',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [page(int32s([1]), 2, { nullCount: 1 })], { nullable: true, statistics: { nullCount: 0 } })))).toThrow(
      'Parquet column a: statistics count 0 nulls, the data pages 1',
    );
    expect(() => assembleParquetFile(file(column('a', 'INT32', [{ ...ints(2), uncompressedSize: 2 ** 31 }])))).toThrow(
      'Parquet column a: data page 0 uncompressed size must be an integer in [0, 2^31), got 2147483648',
    );
  });
});
