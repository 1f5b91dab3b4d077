import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBSession } from './duckdb-session';
import { encodedDataFiles, type EncodedColumn, type EncodedPartition } from './encoded-data-files';
import { ParquetColumnEncoder, type EncodedCodec, type EncodedColumnKind, type EncodedColumnPages } from './parquet-column-encoder';
import type { PreparedDataFile } from './prepared-files';
import { formatTimestamp } from './scalar-values';
import { seededRandom } from '@music/test-support';

// The encoder judged by others: snappyjs (a reference Snappy decompressor) for its compression,
// DuckDB for its pages and files, statistics computed here from the values appended.

// snappyjs ships no types.
const snappy = createRequire(__filename)('snappyjs') as { uncompress(compressed: Uint8Array): Uint8Array };

type Cell = string | number | boolean | null;

/** A column's values as appended: strings and timestamp texts as strings, enums as names, int64 as numbers (times `scale`). */
interface ColumnData {
  name: string;
  type: EncodedColumn['type'];
  nullable: boolean;
  values: readonly Cell[];
  /** An enum column's names, in index order. */
  names?: readonly string[];
  /** An int64 column appended with appendScaledDoubles (the default, scale 1) or appendInts. */
  scale?: number;
  viaInts?: boolean;
}

const NULL_INT32 = -0x8000_0000;
const KIND: Record<EncodedColumn['type'], EncodedColumnKind> = { string: 'string', integer: 'int32', long: 'int64', boolean: 'boolean', timestamp: 'int64' };

function kindOf(column: ColumnData): EncodedColumnKind {
  return column.names === undefined ? KIND[column.type] : 'enum';
}

/**
 * Appends a column's values `piece` rows a call from slots of twice their width (the other half
 * filled with 0xff: a slot read at the wrong place reads as a null or garbage), as bronze reads
 * each column's slot from records of several.
 */
function appendColumn(encoder: ParquetColumnEncoder, id: number, column: ColumnData, piece: number): void {
  const { values } = column;
  const count = values.length;
  const kind = kindOf(column);
  const texts = kind === 'string' || column.type === 'timestamp';
  const width = texts ? 8 : column.type === 'long' && !column.viaInts ? 8 : 4;
  if (column.names !== undefined) encoder.setEnumNames(id, column.names);
  const encoded = texts ? values.map((value) => (value === null ? null : Buffer.from(value as string, 'utf8'))) : [];
  const textAt = encoder.allocate(encoded.reduce((total, bytes) => total + (bytes?.length ?? 0), 0));
  const stride = 2 * width;
  const slotsAt = encoder.allocate(stride * count);
  const memory = encoder.memory();
  memory.fill(0xff, slotsAt, slotsAt + stride * count);
  let textLength = 0;
  values.forEach((value, row) => {
    const slot = slotsAt + stride * row;
    const bytes = encoded[row];
    if (texts) {
      memory.writeInt32LE(bytes ? textLength : -1, slot);
      memory.writeInt32LE(bytes ? textLength + bytes.length : -1, slot + 4);
      if (bytes) memory.set(bytes, textAt + textLength);
      textLength += bytes?.length ?? 0;
    } else if (kind === 'enum') {
      memory.writeInt32LE(value === null ? -1 : (column.names ?? []).indexOf(value as string), slot);
    } else if (width === 8) {
      memory.writeDoubleLE(value === null ? Number.NaN : (value as number), slot);
    } else if (column.type === 'boolean') {
      memory.writeInt32LE(value === null ? -1 : value ? 1 : 0, slot);
    } else {
      memory.writeInt32LE(value === null ? NULL_INT32 : (value as number), slot);
    }
  });
  for (let done = 0; done < count; done += piece) {
    const n = Math.min(piece, count - done);
    const at = slotsAt + stride * done;
    if (column.type === 'timestamp') encoder.appendTimestampTexts(id, textAt, at, stride, n);
    else if (kind === 'string') encoder.appendStrings(id, textAt, at, stride, n);
    else if (kind === 'enum') encoder.appendEnums(id, at, stride, n);
    else if (width === 8) encoder.appendScaledDoubles(id, at, stride, n, column.scale ?? 1);
    else encoder.appendInts(id, at, stride, n);
  }
}

/** A new batch of the columns (defined first, then appended), as encodedDataFiles takes them. */
function appendBatch(encoder: ParquetColumnEncoder, columns: readonly ColumnData[], piece = Number.POSITIVE_INFINITY): EncodedColumn[] {
  encoder.beginBatch(0);
  const encoded = columns.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable, id: encoder.defineColumn(kindOf(column), column.nullable) }));
  columns.forEach((column, index) => appendColumn(encoder, (encoded[index] as EncodedColumn).id, column, piece));
  return encoded;
}

function micros(text: string): bigint {
  return BigInt(Date.parse(text)) * 1000n;
}

/** A value as DuckDB gives it back (timestamps read as epoch_us). */
function expectedCell(column: ColumnData, value: Cell): unknown {
  if (value === null) return null;
  if (column.type === 'long') return BigInt(value as number) * BigInt(column.scale ?? 1);
  if (column.type === 'timestamp') return micros(value as string);
  return value;
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The statistics of the rows, as encodedDataFiles must report them (DuckDB's RETURN_STATS text). */
function expectedStatistics(column: ColumnData, rows: readonly number[]): Record<string, string> {
  const present = rows.map((row) => column.values[row] as Cell).filter((value) => value !== null);
  const statistics: Record<string, string> = { null_count: String(rows.length - present.length) };
  if (present.length === 0) return statistics;
  let texts: string[];
  if (column.type === 'string') texts = (present as string[]).sort(compareUtf8);
  else if (column.type === 'boolean') texts = (present as boolean[]).map(String).sort();
  else if (column.type === 'integer') texts = (present as number[]).sort((a, b) => a - b).map(String);
  else {
    const values = present.map((value) => expectedCell(column, value) as bigint).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    texts = values.map((value) => (column.type === 'timestamp' ? formatTimestamp(value) : String(value)));
  }
  return { ...statistics, min: texts[0] as string, max: texts[texts.length - 1] as string };
}

function allRows(columns: readonly ColumnData[]): number[] {
  return Array.from({ length: columns[0]?.values.length ?? 0 }, (_, row) => row);
}

let duckdb: DuckDBSession;
let directory: string;
let fileNumber = 0;
beforeAll(async () => {
  duckdb = await DuckDBSession.create();
  directory = mkdtempSync(join(tmpdir(), 'parquet-column-encoder-'));
});
afterAll(async () => {
  await duckdb.close();
  rmSync(directory, { recursive: true, force: true });
});

function written(file: PreparedDataFile): string {
  const path = join(directory, `${fileNumber++}.parquet`);
  writeFileSync(path, file.body);
  return path;
}

/** Each column's values in the file, in row order. */
async function fileColumns(file: PreparedDataFile, columns: readonly ColumnData[]): Promise<Record<string, unknown[]>> {
  const select = columns.map(({ name, type }) => (type === 'timestamp' ? `epoch_us("${name}") AS "${name}"` : `"${name}"`)).join(', ');
  const rows = await duckdb.rows(`SELECT ${select} FROM read_parquet('${written(file)}', file_row_number = true) ORDER BY file_row_number`);
  return Object.fromEntries(columns.map(({ name }) => [name, rows.map((row) => row[name])]));
}

/** The file holds exactly `rows` of the columns (in that order), and reports their statistics. */
async function expectFile(file: PreparedDataFile, columns: readonly ColumnData[], rows: readonly number[]): Promise<void> {
  expect(file.rows).toBe(rows.length);
  expect(Object.fromEntries([...file.statistics].map(([name, statistics]) => [name, Object.fromEntries(statistics)]))).toEqual(
    Object.fromEntries(columns.map((column) => [column.name, expectedStatistics(column, rows)])),
  );
  expect(await fileColumns(file, columns)).toEqual(Object.fromEntries(columns.map((column) => [column.name, rows.map((row) => expectedCell(column, column.values[row] as Cell))])));
}

/** Each column's chunk encodings as DuckDB reads them from the footer, and whether it has a dictionary page. */
async function chunkEncodings(file: PreparedDataFile): Promise<Record<string, string>> {
  const chunks = await duckdb.rows(`SELECT path_in_schema, encodings, dictionary_page_offset FROM parquet_metadata('${written(file)}')`);
  return Object.fromEntries(
    chunks.map((chunk) => {
      const encodings = String(chunk['encodings']).split(', ');
      const dictionary = encodings.includes('RLE_DICTIONARY') && chunk['dictionary_page_offset'] !== null;
      return [String(chunk['path_in_schema']), dictionary ? 'RLE_DICTIONARY' : encodings.includes('RLE_DICTIONARY') ? 'RLE_DICTIONARY without a dictionary page' : 'PLAIN'];
    }),
  );
}


function randomPrintable(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(0x20 + Math.floor(random() * 95));
  return text;
}

// Strings whose order hangs on a byte past the first 8, on a NUL, on length alone, or on UTF-8
// bytes (U+FF5E before U+1F600, which JS's UTF-16 < puts the other way); of exactly 4, 8, 16 and
// more than 256 bytes.
const WORDS = [
  '',
  'a',
  'ab',
  'ab\u0000',
  'ab\u0000\u0000',
  'abcd',
  'abcdefgh',
  'abcdefgh\u0000',
  'abcdefgi',
  'abcdefghijklmnop',
  'éé',
  'Cœur "wild"',
  '日本語のタイトル',
  '～',
  '😀',
  '😀\u0000',
  'x'.repeat(257),
  'ü'.repeat(200),
  'Zz top',
];
const KINDS = ['~unused', 'play', 'skip', 'A-unused', 'share', 'like'];
const INT32S = [0, 1, -1, 2_147_483_647, -2_147_483_647, 123_456, -98_765, 42];
const INT64S = [0, -1, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 62, -(2 ** 62), -(2 ** 63), 1e15, -123_456_789_012];
const TIMESTAMPS = [
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '1900-02-28T12:00:00.000Z',
  '1900-03-01T00:00:00.001Z',
  '1960-02-29T06:30:15.250Z',
  '2000-02-29T23:59:59.999Z',
  '2024-02-29T00:00:00.000Z',
  '1582-10-04T00:00:00.000Z',
  '0001-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2026-11-24T12:00:00.500Z',
];

/** A distinct identifier per row, with rows whose bounds only a comparison past the first 8 bytes (or of lengths) settles. */
function identifier(row: number): string {
  const special: Record<number, string> = { 10: 'id-00000', 20: 'id-0000\u0000', 30: 'id-0000', 50: 'id-～', 60: 'id-😀', 70: 'id-😀\u0000' };
  return special[row] ?? `id-${String(row).padStart(6, '0')}`;
}

/** Columns of every kind the encoder takes, over `rows` rows: the values, and the data page encoding each must get. */
function everyKindColumns(rows: number, seed: number): (ColumnData & { encoding: 'PLAIN' | 'RLE_DICTIONARY' })[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const of = <T extends Cell>(value: (row: number) => T): T[] => Array.from({ length: rows }, (_, row) => value(row));
  const day = 86_400_000;
  return [
    { name: 'word', type: 'string', nullable: false, encoding: 'RLE_DICTIONARY', values: of(() => pick(WORDS)) },
    // Null on every third row: a selection of those has no bounds.
    { name: 'word_or_null', type: 'string', nullable: true, encoding: 'RLE_DICTIONARY', values: of((row) => (row % 3 === 0 ? null : pick(WORDS))) },
    { name: 'word_nullable_none_null', type: 'string', nullable: true, encoding: 'RLE_DICTIONARY', values: of(() => pick(WORDS)) },
    { name: 'identifier', type: 'string', nullable: false, encoding: 'PLAIN', values: of(identifier) },
    { name: 'identifier_or_null', type: 'string', nullable: true, encoding: 'PLAIN', values: of((row) => (row % 20 === 7 ? null : `${pick(WORDS)}#${row}`)) },
    // Rows of a multiple of 3 use two of the names only; two names are never used.
    { name: 'kind', type: 'string', nullable: false, encoding: 'RLE_DICTIONARY', names: KINDS, values: of((row) => (row % 3 === 0 ? pick(['play', 'share']) : pick(['play', 'skip', 'share', 'like']))) },
    { name: 'kind_or_null', type: 'string', nullable: true, encoding: 'RLE_DICTIONARY', names: KINDS, values: of(() => pick([null, 'play', 'skip', 'share', 'like'])) },
    { name: 'count32', type: 'integer', nullable: false, encoding: 'RLE_DICTIONARY', values: of(() => pick(INT32S)) },
    // Runs of 10 (RLE runs, across the bit-packed groups of 8) of some 400 values: indexes of 9 bits.
    { name: 'run32', type: 'integer', nullable: false, encoding: 'RLE_DICTIONARY', values: of((row) => Math.floor(row / 10) * 1000) },
    { name: 'run_text', type: 'string', nullable: true, encoding: 'RLE_DICTIONARY', values: of((row) => (row % 100 < 30 ? null : `group ${Math.floor(row / 13)}`)) },
    { name: 'count32_or_null', type: 'integer', nullable: true, encoding: 'PLAIN', values: of((row) => (row % 25 === 3 ? null : (row * 7919 - 10_000_000) | 0)) },
    { name: 'big', type: 'long', nullable: false, encoding: 'RLE_DICTIONARY', values: of(() => pick(INT64S)) },
    { name: 'big_or_null', type: 'long', nullable: true, encoding: 'PLAIN', values: of((row) => (row % 25 === 4 ? null : (row % 2 === 0 ? 1 : -1) * (2 ** 53 - row))) },
    { name: 'millis_as_micros', type: 'long', nullable: false, encoding: 'PLAIN', scale: 1000, values: of((row) => (row - 2000) * 86_400_123) },
    { name: 'long_from_ints', type: 'long', nullable: true, encoding: 'RLE_DICTIONARY', viaInts: true, values: of(() => pick([...INT32S, null])) },
    { name: 'flag', type: 'boolean', nullable: false, encoding: 'PLAIN', values: of(() => random() < 0.5) },
    { name: 'flag_or_null', type: 'boolean', nullable: true, encoding: 'PLAIN', values: of(() => pick([true, false, null])) },
    { name: 'always_true', type: 'boolean', nullable: false, encoding: 'PLAIN', values: of(() => true) },
    { name: 'at', type: 'timestamp', nullable: false, encoding: 'RLE_DICTIONARY', values: of(() => pick(TIMESTAMPS)) },
    { name: 'at_or_null', type: 'timestamp', nullable: true, encoding: 'PLAIN', values: of((row) => (row % 30 === 5 ? null : new Date(Date.UTC(1960, 0, 1) + row * (7 * day - 7)).toISOString())) },
    { name: 'no_text', type: 'string', nullable: true, encoding: 'PLAIN', values: of(() => null) },
    { name: 'no_kind', type: 'string', nullable: true, encoding: 'RLE_DICTIONARY', names: KINDS, values: of(() => null) },
    { name: 'no_count', type: 'integer', nullable: true, encoding: 'PLAIN', values: of(() => null) },
    { name: 'no_long', type: 'long', nullable: true, encoding: 'PLAIN', values: of(() => null) },
    { name: 'no_flag', type: 'boolean', nullable: true, encoding: 'PLAIN', values: of(() => null) },
    { name: 'no_time', type: 'timestamp', nullable: true, encoding: 'PLAIN', values: of(() => null) },
  ];
}

const EVERY_KIND_ROWS = 4000;

describe('ParquetColumnEncoder with codec snappy', () => {
  interface SnappyElements {
    /** The length the block declares, and what its elements produce. */
    declared: number;
    produced: number;
    literals: number[];
    copies: { offset: number; length: number }[];
  }

  /** The elements of a Snappy block, read strictly: snappyjs checks neither that they produce the length declared nor that they stay within it. */
  function snappyElements(block: Uint8Array): SnappyElements {
    let at = 0;
    let declared = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = block[at++] as number;
      declared += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    const elements: SnappyElements = { declared, produced: 0, literals: [], copies: [] };
    const little = (bytes: number) => {
      let value = 0;
      for (let i = 0; i < bytes; i++) value += (block[at + i] as number) * 2 ** (8 * i);
      at += bytes;
      return value;
    };
    while (at < block.length) {
      const tag = block[at++] as number;
      let length: number;
      if ((tag & 3) === 0) {
        length = tag >> 2 < 60 ? (tag >> 2) + 1 : little((tag >> 2) - 59) + 1;
        if (at + length > block.length) throw new Error(`a literal of ${length} bytes runs past the block`);
        at += length;
        elements.literals.push(length);
      } else {
        let offset: number;
        if ((tag & 3) === 1) {
          length = ((tag >> 2) & 7) + 4;
          offset = ((tag >> 5) << 8) | little(1);
        } else {
          length = (tag >> 2) + 1;
          offset = little((tag & 3) === 2 ? 2 : 4);
        }
        if (offset === 0 || offset > elements.produced) throw new Error(`a copy from ${offset} back, at ${elements.produced}`);
        elements.copies.push({ offset, length });
      }
      elements.produced += length;
    }
    if (at !== block.length) throw new Error('the last element runs past the block');
    return elements;
  }

  interface SnappyCase {
    title: string;
    columns: ColumnData[];
    /** What the streams must hold for the case to exercise what it says. */
    expectStreams: (streams: SnappyElements[]) => void;
  }

  const random = seededRandom(3);
  const stringColumn = (name: string, values: Cell[]): ColumnData => ({ name, type: 'string', nullable: values.includes(null), values });
  const cases: SnappyCase[] = [
    {
      title: 'pages of several 64 KB fragments',
      columns: [
        stringColumn('identifiers', Array.from({ length: 8000 }, (_, row) => `user-${row}-${randomPrintable(random, 12)}-${['FR', 'JP', 'US'][row % 3]}`)),
        stringColumn('titles', Array.from({ length: 6000 }, (_, row) => (row % 9 === 0 ? null : `title ${Math.floor(random() * 40)}`))),
        // Dictionary pages of exactly one fragment, one and a byte, two (a value and its 4-byte length).
        stringColumn('one_fragment', ['q'.repeat(65_532)]),
        stringColumn('one_fragment_and_a_byte', [randomPrintable(random, 65_533)]),
        stringColumn('two_fragments', [`${randomPrintable(random, 65_000)}${'r'.repeat(131_068 - 65_000)}`]),
      ],
      expectStreams: (streams) => {
        expect(Math.max(...streams.map((stream) => stream.declared))).toBeGreaterThan(3 * 65_536);
        for (const size of [65_536, 65_537, 131_072]) expect(streams.map((stream) => stream.declared)).toContain(size);
      },
    },
    {
      title: 'highly repetitive pages (copies of 64 bytes and more)',
      columns: [
        stringColumn('runs', ['a'.repeat(100_000), 'ab'.repeat(30_000), 'abc'.repeat(77)]),
        stringColumn('padded', Array.from({ length: 3000 }, (_, row) => `${'-'.repeat(60 + (row % 16))}${row}`)),
      ],
      expectStreams: (streams) => {
        const copies = streams.flatMap((stream) => stream.copies);
        expect(copies.filter((copy) => copy.length === 64).length).toBeGreaterThan(100);
        expect(streams.reduce((total, stream) => total + stream.declared, 0)).toBeGreaterThan(10 * streams.reduce((total, stream) => total + stream.literals.reduce((sum, length) => sum + length, 0), 0));
      },
    },
    {
      title: 'incompressible pages (literals over 60, 256 and 65,536 bytes)',
      columns: [
        stringColumn('one_long_value', [randomPrintable(random, 70_000)]),
        stringColumn('random_values', [randomPrintable(random, 100), randomPrintable(random, 1000), randomPrintable(random, 61)]),
        stringColumn('random_identifiers', Array.from({ length: 2100 }, () => randomPrintable(random, 40))),
      ],
      expectStreams: (streams) => {
        const literals = streams.flatMap((stream) => stream.literals);
        expect(Math.max(...literals)).toBe(65_536);
        expect(literals.some((length) => length > 60 && length <= 256)).toBe(true);
        expect(literals.some((length) => length > 256 && length < 65_536)).toBe(true);
      },
    },
    {
      title: 'pages of fewer than 15 bytes, and around that',
      columns: [
        ...Array.from({ length: 18 }, (_, length) => stringColumn(`one_value_of_${length}_bytes`, ['a'.repeat(length)])),
        { name: 'one_int', type: 'integer', nullable: false, values: [7] },
        { name: 'one_flag', type: 'boolean', nullable: false, values: [true] },
        { name: 'all_null', type: 'long', nullable: true, values: [null, null, null] },
        stringColumn('no_rows', []),
      ],
      expectStreams: (streams) => {
        const sizes = new Set(streams.map((stream) => stream.declared));
        for (let size = 4; size <= 20; size++) expect(sizes).toContain(size);
        expect(streams.some((stream) => stream.declared < 4)).toBe(true);
      },
    },
  ];

  function pagesOf(pages: EncodedColumnPages): { body: Uint8Array; uncompressedSize: number }[] {
    return pages.dictionaryPage === undefined ? [pages.dataPage] : [pages.dictionaryPage, pages.dataPage];
  }

  it.each(cases)('stores $title as snappyjs decompresses them to the uncompressed pages', ({ columns, expectStreams }) => {
    const encoder = new ParquetColumnEncoder();
    const ids = appendBatch(encoder, columns).map(({ id }) => id);
    const streams: SnappyElements[] = [];
    for (const [index, id] of ids.entries()) {
      const rows = (columns[index] as ColumnData).values.length;
      const everyOther = Int32Array.from({ length: Math.ceil(rows / 2) }, (_, k) => 2 * k);
      for (const selection of [undefined, everyOther]) {
        const plain = pagesOf(encoder.encode(id, 'uncompressed', selection));
        const compressed = pagesOf(encoder.encode(id, 'snappy', selection));
        expect(compressed).toHaveLength(plain.length);
        plain.forEach((page, p) => {
          const stored = compressed[p] as { body: Uint8Array; uncompressedSize: number };
          expect(page.uncompressedSize).toBe(page.body.length);
          expect(stored.uncompressedSize).toBe(page.body.length);
          const elements = snappyElements(stored.body);
          expect(elements).toMatchObject({ declared: page.body.length, produced: page.body.length });
          expect(Buffer.from(snappy.uncompress(stored.body)).equals(Buffer.from(page.body))).toBe(true);
          streams.push(elements);
        });
      }
    }
    expectStreams(streams);
  });
});

describe('encodedDataFiles of a ParquetColumnEncoder, read by DuckDB', () => {
  const columns = everyKindColumns(EVERY_KIND_ROWS, 7);

  it.each(['uncompressed', 'snappy'] as const)('gives back every value of every kind of column, with their statistics (%s)', async (codec: EncodedCodec) => {
    const encoder = new ParquetColumnEncoder();
    const [file] = encodedDataFiles(encoder, appendBatch(encoder, columns, 777), [{ partitionValues: {} }], codec);
    await expectFile(file as PreparedDataFile, columns, allRows(columns));
    expect((file as PreparedDataFile).codec).toBe(codec);
  });

  it('keeps a dictionary for few distinct values, and PLAIN pages for values nearly all distinct', async () => {
    const encoder = new ParquetColumnEncoder();
    const [file] = encodedDataFiles(encoder, appendBatch(encoder, columns), [{ partitionValues: {} }], 'snappy');
    expect(await chunkEncodings(file as PreparedDataFile)).toEqual(Object.fromEntries(columns.map(({ name, encoding }) => [name, encoding])));
  });

  it('gives the dictionary up once 2048 rows have nearly all distinct values, not before', async () => {
    const distinct = (rows: number): ColumnData[] => [
      { name: 'text', type: 'string', nullable: false, values: Array.from({ length: rows }, (_, row) => `value ${row}`) },
      { name: 'int', type: 'integer', nullable: false, values: Array.from({ length: rows }, (_, row) => row - 1000) },
      { name: 'long', type: 'long', nullable: true, values: Array.from({ length: rows }, (_, row) => row * 1e9) },
    ];
    const encoder = new ParquetColumnEncoder();
    for (const [rows, encoding] of [
      [2047, 'RLE_DICTIONARY'],
      [2048, 'PLAIN'],
    ] as const) {
      const data = distinct(rows);
      const [file] = encodedDataFiles(encoder, appendBatch(encoder, data), [{ partitionValues: {} }], 'snappy');
      expect(await chunkEncodings(file as PreparedDataFile)).toEqual({ text: encoding, int: encoding, long: encoding });
      await expectFile(file as PreparedDataFile, data, allRows(data));
    }
  });

  it('gives the dictionary up midway, for nearly all distinct values or past 1 MB of it, and reads back the rows before and after', async () => {
    const encoder = new ParquetColumnEncoder();
    const few = ['one', 'two', 'three'];
    // Distinct only after row 3000: nine tenths of the rows are distinct past row 30,000.
    const many = 36_000;
    const lateDistinct: ColumnData[] = [
      { name: 'text', type: 'string', nullable: true, values: Array.from({ length: many }, (_, row) => (row < 3000 ? (row % 50 === 0 ? null : (few[row % 3] as string)) : `late ${row}`)) },
      { name: 'int', type: 'integer', nullable: false, values: Array.from({ length: many }, (_, row) => (row < 3000 ? row % 3 : -row)) },
      { name: 'long', type: 'long', nullable: false, values: Array.from({ length: many }, (_, row) => (row < 3000 ? 2 ** 53 : -(2 ** 40) * row)) },
      { name: 'at', type: 'timestamp', nullable: false, values: Array.from({ length: many }, (_, row) => new Date(Date.UTC(1950, 0, 1) + (row < 3000 ? 0 : row * 60_001)).toISOString()) },
    ];
    const [late] = encodedDataFiles(encoder, appendBatch(encoder, lateDistinct, 5000), [{ partitionValues: {} }], 'snappy');
    expect(await chunkEncodings(late as PreparedDataFile)).toEqual({ text: 'PLAIN', int: 'PLAIN', long: 'PLAIN', at: 'PLAIN' });
    await expectFile(late as PreparedDataFile, lateDistinct, allRows(lateDistinct));

    // 600-byte values, distinct after row 3000: the dictionary passes 1 MB before the rows are mostly distinct.
    const large: ColumnData[] = [
      { name: 'text', type: 'string', nullable: false, values: Array.from({ length: 6000 }, (_, row) => (row < 3000 ? `${few[row % 3]}`.repeat(200) : `${row}`.padStart(600, 'x'))) },
    ];
    const [file] = encodedDataFiles(encoder, appendBatch(encoder, large), [{ partitionValues: {} }], 'snappy');
    expect(await chunkEncodings(file as PreparedDataFile)).toEqual({ text: 'PLAIN' });
    await expectFile(file as PreparedDataFile, large, allRows(large));
  });

  it('keeps a dictionary of more than 65,536 values (indexes of 17 bits, runs of 3-byte values)', async () => {
    const rows = 80_000;
    // Runs of 10 over the first 10,000 rows, then distinct values: 71,000 in all, under nine tenths of the rows.
    const value = (row: number) => (row < 10_000 ? Math.floor(row / 10) : row);
    const wide: ColumnData[] = [
      { name: 'int', type: 'integer', nullable: false, values: Array.from({ length: rows }, (_, row) => 0 - value(row)) },
      { name: 'long', type: 'long', nullable: true, values: Array.from({ length: rows }, (_, row) => (row % 1000 === 1 ? null : value(row) * 2 ** 33)) },
      { name: 'text', type: 'string', nullable: false, values: Array.from({ length: rows }, (_, row) => `k${value(row)}`) },
    ];
    const encoder = new ParquetColumnEncoder();
    const [file] = encodedDataFiles(encoder, appendBatch(encoder, wide), [{ partitionValues: {} }], 'snappy');
    expect(await chunkEncodings(file as PreparedDataFile)).toEqual({ int: 'RLE_DICTIONARY', long: 'RLE_DICTIONARY', text: 'RLE_DICTIONARY' });
    await expectFile(file as PreparedDataFile, wide, allRows(wide));
  });

  it('writes the rows a selection lists, in its order, with the statistics of those rows only', async () => {
    const encoder = new ParquetColumnEncoder();
    const encoded = appendBatch(encoder, columns);
    const everyThird = allRows(columns).filter((row) => row % 3 === 0);
    const scattered = [...allRows(columns).filter((row) => row % 7 === 3).reverse(), 1, EVERY_KIND_ROWS - 1, 10, 3];
    const selections = [everyThird, scattered, [70], []];
    const partitions: EncodedPartition[] = selections.map((rows, index) => ({ partitionValues: { part: String(index) }, selection: Int32Array.from(rows) }));
    for (const codec of ['uncompressed', 'snappy'] as const) {
      const files = encodedDataFiles(encoder, encoded, partitions, codec);
      expect(files.map((file) => file.partitionValues)).toEqual(partitions.map((partition) => partition.partitionValues));
      for (const [index, rows] of selections.entries()) await expectFile(files[index] as PreparedDataFile, columns, rows);
    }
    // What the selection of rows of a multiple of 3 must show: enum bounds over the names those rows use.
    const [file] = encodedDataFiles(encoder, encoded, [{ partitionValues: {}, selection: Int32Array.from(everyThird) }], 'snappy');
    expect(Object.fromEntries((file as PreparedDataFile).statistics.get('kind') ?? [])).toEqual({ null_count: '0', min: 'play', max: 'share' });
    expect(Object.fromEntries((file as PreparedDataFile).statistics.get('word_or_null') ?? [])).toEqual({ null_count: String(everyThird.length) });
  });

  it('reports, over all the rows, the bounds of the values the rows hold (enum names unused left out)', () => {
    const encoder = new ParquetColumnEncoder();
    const [file] = encodedDataFiles(encoder, appendBatch(encoder, columns), [{ partitionValues: {} }], 'uncompressed');
    const statistics = (file as PreparedDataFile).statistics;
    // The subtle cases spelt out, beside expectFile's computed ones.
    expect(Object.fromEntries(statistics.get('identifier') ?? [])).toEqual({ null_count: '0', min: 'id-0000', max: 'id-😀\u0000' });
    expect(Object.fromEntries(statistics.get('word') ?? [])).toEqual({ null_count: '0', min: '', max: '😀\u0000' });
    expect(Object.fromEntries(statistics.get('kind') ?? [])).toEqual({ null_count: '0', min: 'like', max: 'skip' });
    expect(Object.fromEntries(statistics.get('big') ?? [])).toEqual({ null_count: '0', min: String(-(2n ** 63n)), max: String(2n ** 62n) });
    expect(Object.fromEntries(statistics.get('at') ?? [])).toEqual({ null_count: '0', min: '0001-01-01T00:00:00.000000Z', max: '9999-12-31T23:59:59.999000Z' });
    expect(Object.fromEntries(statistics.get('always_true') ?? [])).toEqual({ null_count: '0', min: 'true', max: 'true' });
    expect(Object.fromEntries(statistics.get('no_kind') ?? [])).toEqual({ null_count: String(EVERY_KIND_ROWS) });
  });

  it('takes enum names added between appends, a stride of 0 for a value of every row, and gives the UTC day of each timestamp', async () => {
    const encoder = new ParquetColumnEncoder();
    encoder.beginBatch(0);
    const topic = encoder.defineColumn('enum', false);
    const constant = encoder.defineColumn('int32', false);
    const scaled = encoder.defineColumn('int64', false);
    const at = encoder.defineColumn('int64', true);
    const slot = encoder.allocate(8);
    const appendTopic = (index: number) => {
      encoder.memory().writeInt32LE(index, slot);
      encoder.appendEnums(topic, slot, 4, 1);
    };
    encoder.setEnumNames(topic, ['events']);
    appendTopic(0);
    encoder.setEnumNames(topic, ['other', 'ändern']);
    appendTopic(2);
    appendTopic(0);
    expect(() => appendTopic(3)).toThrow(RangeError);
    encoder.memory().writeInt32LE(1, slot);
    encoder.appendInts(constant, slot, 0, 3);
    encoder.memory().writeDoubleLE(1_764_000_000_123, slot);
    encoder.appendScaledDoubles(scaled, slot, 0, 3, 1000);
    const texts = ['1969-12-31T23:59:59.999Z', null, '2024-02-29T00:00:00.000Z'];
    const column: ColumnData = { name: 'at', type: 'timestamp', nullable: true, values: texts };
    appendColumn(encoder, at, column, 1);
    expect([...encoder.days(at)].filter((_, row) => texts[row] !== null)).toEqual([-1, 19_782]);

    const columns: ColumnData[] = [
      { name: 'topic', type: 'string', nullable: false, names: ['events', 'other', 'ändern'], values: ['events', 'ändern', 'events'] },
      { name: 'constant', type: 'integer', nullable: false, values: [1, 1, 1] },
      { name: 'scaled', type: 'long', nullable: false, scale: 1000, values: [1_764_000_000_123, 1_764_000_000_123, 1_764_000_000_123] },
      column,
    ];
    const ids = [topic, constant, scaled, at];
    const [file] = encodedDataFiles(encoder, columns.map(({ name, type, nullable }, index) => ({ name, type, nullable, id: ids[index] as number })), [{ partitionValues: {} }], 'snappy');
    await expectFile(file as PreparedDataFile, columns, [0, 1, 2]);
  });

  it('keeps its null count when appendEnums refuses an index beyond the names', () => {
    const encoder = new ParquetColumnEncoder();
    encoder.beginBatch(0);
    const id = encoder.defineColumn('enum', true);
    encoder.setEnumNames(id, ['a', 'b']);
    const at = encoder.allocate(8);
    encoder.memory().writeInt32LE(-1, at);
    encoder.memory().writeInt32LE(7, at + 4);
    expect(() => encoder.appendEnums(id, at, 4, 2)).toThrow(RangeError);
    encoder.memory().writeInt32LE(0, at);
    encoder.appendEnums(id, at, 4, 1);
    expect(encoder.rows(id)).toBe(1);
    expect(encoder.encode(id, 'uncompressed').nullCount).toBe(0);
  });

  it('forgets the last batch on beginBatch: a second batch gives files of its own rows only', async () => {
    const encoder = new ParquetColumnEncoder();
    // The same selection object for both batches: the encoder must not read it where the first
    // batch copied it, memory the larger second batch overwrites.
    const selection = Int32Array.from([5, 1, 3, 28]);
    const first = everyKindColumns(30, 11);
    const [firstFile] = encodedDataFiles(encoder, appendBatch(encoder, first, 7), [{ partitionValues: {}, selection }], 'snappy');
    await expectFile(firstFile as PreparedDataFile, first, [...selection]);
    const files = encodedDataFiles(encoder, appendBatch(encoder, columns), [{ partitionValues: {} }, { partitionValues: {}, selection }], 'snappy');
    await expectFile(files[0] as PreparedDataFile, columns, allRows(columns));
    await expectFile(files[1] as PreparedDataFile, columns, [...selection]);
  });
});
