import { ThriftCompactWriter, ThriftType } from './parquet-thrift';

export type ParquetPhysicalType = 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';
export type ParquetLogicalType = 'STRING' | 'DATE' | 'TIMESTAMP_MICROS_UTC' | 'INT8' | 'INT16';
export type ParquetCodecName = 'UNCOMPRESSED' | 'SNAPPY';
export type ParquetDataPageEncoding = 'PLAIN' | 'RLE_DICTIONARY' | 'RLE';

export interface EncodedPage {
  /** As stored: compressed with the chunk's codec. */
  body: Uint8Array;
  /** Bytes before compression. */
  uncompressedSize: number;
  /** Values in the page, nulls included (for a dictionary page: its entries). */
  valueCount: number;
}

export interface EncodedDataPage extends EncodedPage {
  encoding: ParquetDataPageEncoding;
  nullCount: number;
}

export interface EncodedColumnChunk {
  /** A top-level column (no nesting). */
  name: string;
  physicalType: ParquetPhysicalType;
  logicalType?: ParquetLogicalType;
  /** OPTIONAL rather than REQUIRED: each data page body starts with its RLE definition levels. */
  nullable: boolean;
  codec: ParquetCodecName;
  /** PLAIN-encoded distinct values, referenced by the RLE_DICTIONARY data pages. */
  dictionaryPage?: EncodedPage;
  /** DATA_PAGE (v1) pages; their levels are RLE-encoded. */
  dataPages: readonly EncodedDataPage[];
  /**
   * Bounds PLAIN-encoded (INT32 4 bytes LE, INT64 and DOUBLE 8, BOOLEAN 1, BYTE_ARRAY the bytes
   * without length). The column's null count is the pages' sum; `nullCount` here must agree.
   */
  statistics?: { min?: Uint8Array; max?: Uint8Array; nullCount: number };
}

export interface ParquetFileInput {
  rows: number;
  columns: readonly EncodedColumnChunk[];
  /** Best as `<application> version <x.y.z> (build <hash>)`: the form parquet-java and arrow parse. */
  createdBy: string;
  keyValueMetadata?: Readonly<Record<string, string>>;
}

// Enum values of parquet.thrift.
const PHYSICAL_TYPE: Record<ParquetPhysicalType, number> = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 };
const CODEC: Record<ParquetCodecName, number> = { UNCOMPRESSED: 0, SNAPPY: 1 };
const ENCODING = { PLAIN: 0, RLE: 3, RLE_DICTIONARY: 8 } as const;
const PAGE_TYPE = { DATA_PAGE: 0, DICTIONARY_PAGE: 2 } as const;
const REPETITION = { REQUIRED: 0, OPTIONAL: 1 } as const;
const CONVERTED_TYPE: Record<ParquetLogicalType, number> = { STRING: 0, DATE: 6, TIMESTAMP_MICROS_UTC: 10, INT8: 15, INT16: 16 };
const LOGICAL_TYPE_PHYSICAL_TYPE: Record<ParquetLogicalType, ParquetPhysicalType> = {
  STRING: 'BYTE_ARRAY',
  DATE: 'INT32',
  TIMESTAMP_MICROS_UTC: 'INT64',
  INT8: 'INT32',
  INT16: 'INT32',
};
const PLAIN_BOUND_BYTES: Partial<Record<ParquetPhysicalType, number>> = { BOOLEAN: 1, INT32: 4, INT64: 8, DOUBLE: 8 };

const MAGIC = Buffer.from('PAR1', 'ascii');
const INT32_MAX = 0x7fff_ffff;

/** Where one column chunk landed in the file, and its sizes (page headers included). */
interface PlacedChunk {
  column: EncodedColumnChunk;
  start: number;
  dictionaryPageOffset: number | undefined;
  dataPageOffset: number;
  valueCount: number;
  nullCount: number;
  compressedSize: number;
  uncompressedSize: number;
}

/**
 * Wraps encoded column chunks into a Parquet file with one row group: `PAR1`, each chunk's
 * pages behind their headers, the FileMetaData footer (Thrift compact), its length, `PAR1`.
 * The pages are taken as they are: only their counts and sizes are checked against each other.
 */
export function assembleParquetFile(input: ParquetFileInput): Buffer {
  checkFile(input);
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const header = new ThriftCompactWriter();
  const append = (bytes: Uint8Array): void => {
    parts.push(bytes);
    offset += bytes.length;
  };
  const appendPage = (page: EncodedPage, writeHeader: (writer: ThriftCompactWriter) => void): { compressed: number; uncompressed: number } => {
    header.reset();
    writeHeader(header);
    const headerBytes = header.toBytes().slice();
    append(headerBytes);
    append(page.body);
    return { compressed: headerBytes.length + page.body.length, uncompressed: headerBytes.length + page.uncompressedSize };
  };

  const placed: PlacedChunk[] = [];
  for (const column of input.columns) {
    const start = offset;
    let compressedSize = 0;
    let uncompressedSize = 0;
    let dictionaryPageOffset: number | undefined;
    const dictionaryPage = column.dictionaryPage;
    if (dictionaryPage) {
      dictionaryPageOffset = offset;
      const sizes = appendPage(dictionaryPage, (writer) => writeDictionaryPageHeader(writer, dictionaryPage));
      compressedSize += sizes.compressed;
      uncompressedSize += sizes.uncompressed;
    }
    const dataPageOffset = offset;
    let valueCount = 0;
    let nullCount = 0;
    for (const page of column.dataPages) {
      const sizes = appendPage(page, (writer) => writeDataPageHeader(writer, page));
      compressedSize += sizes.compressed;
      uncompressedSize += sizes.uncompressed;
      valueCount += page.valueCount;
      nullCount += page.nullCount;
    }
    placed.push({ column, start, dictionaryPageOffset, dataPageOffset, valueCount, nullCount, compressedSize, uncompressedSize });
  }

  const footer = new ThriftCompactWriter(1024 + 256 * input.columns.length);
  writeFileMetaData(footer, input, placed);
  const footerBytes = footer.toBytes();
  const footerLength = Buffer.alloc(4);
  footerLength.writeUInt32LE(footerBytes.length);
  append(footerBytes);
  append(footerLength);
  append(MAGIC);
  return Buffer.concat(parts, offset);
}

function writeDictionaryPageHeader(writer: ThriftCompactWriter, page: EncodedPage): void {
  writer.struct(() => {
    writer.fieldI32(1, PAGE_TYPE.DICTIONARY_PAGE);
    writer.fieldI32(2, page.uncompressedSize);
    writer.fieldI32(3, page.body.length);
    writer.fieldStruct(7, () => {
      writer.fieldI32(1, page.valueCount);
      // PLAIN, not the deprecated PLAIN_DICTIONARY: parquet-mr, arrow and DuckDB read both.
      writer.fieldI32(2, ENCODING.PLAIN);
    });
  });
}

function writeDataPageHeader(writer: ThriftCompactWriter, page: EncodedDataPage): void {
  writer.struct(() => {
    writer.fieldI32(1, PAGE_TYPE.DATA_PAGE);
    writer.fieldI32(2, page.uncompressedSize);
    writer.fieldI32(3, page.body.length);
    writer.fieldStruct(5, () => {
      writer.fieldI32(1, page.valueCount);
      writer.fieldI32(2, ENCODING[page.encoding]);
      writer.fieldI32(3, ENCODING.RLE);
      writer.fieldI32(4, ENCODING.RLE);
    });
  });
}

function writeFileMetaData(writer: ThriftCompactWriter, input: ParquetFileInput, placed: readonly PlacedChunk[]): void {
  const keyValues = Object.entries(input.keyValueMetadata ?? {});
  writer.struct(() => {
    writer.fieldI32(1, 1);
    writer.fieldList(2, ThriftType.STRUCT, [undefined, ...input.columns], (column) => writeSchemaElement(writer, input, column));
    writer.fieldI64(3, input.rows);
    writer.fieldList(4, ThriftType.STRUCT, [placed], (chunks) => writeRowGroup(writer, input.rows, chunks));
    if (keyValues.length > 0) {
      writer.fieldList(5, ThriftType.STRUCT, keyValues, ([key, value]) =>
        writer.struct(() => {
          writer.fieldString(1, key);
          writer.fieldString(2, value);
        }),
      );
    }
    writer.fieldString(6, input.createdBy);
    // TypeDefinedOrder for every leaf: readers then trust min_value/max_value, strings included.
    writer.fieldList(7, ThriftType.STRUCT, input.columns, () => writer.struct(() => writer.fieldStruct(1, () => undefined)));
  });
}

function writeRowGroup(writer: ThriftCompactWriter, rows: number, chunks: readonly PlacedChunk[]): void {
  let compressedSize = 0;
  let uncompressedSize = 0;
  for (const chunk of chunks) {
    compressedSize += chunk.compressedSize;
    uncompressedSize += chunk.uncompressedSize;
  }
  writer.struct(() => {
    writer.fieldList(1, ThriftType.STRUCT, chunks, (chunk) => writeColumnChunk(writer, chunk));
    writer.fieldI64(2, uncompressedSize);
    writer.fieldI64(3, rows);
    writer.fieldI64(5, (chunks[0] as PlacedChunk).start);
    writer.fieldI64(6, compressedSize);
    writer.fieldI16(7, 0);
  });
}

/** `column` undefined: the root element. */
function writeSchemaElement(writer: ThriftCompactWriter, input: ParquetFileInput, column: EncodedColumnChunk | undefined): void {
  writer.struct(() => {
    if (!column) {
      writer.fieldString(4, 'schema');
      writer.fieldI32(5, input.columns.length);
      return;
    }
    writer.fieldI32(1, PHYSICAL_TYPE[column.physicalType]);
    writer.fieldI32(3, column.nullable ? REPETITION.OPTIONAL : REPETITION.REQUIRED);
    writer.fieldString(4, column.name);
    if (column.logicalType === undefined) return;
    writer.fieldI32(6, CONVERTED_TYPE[column.logicalType]);
    const logicalType = column.logicalType;
    writer.fieldStruct(10, () => writeLogicalType(writer, logicalType));
  });
}

/** The fields of the LogicalType union (one is set). */
function writeLogicalType(writer: ThriftCompactWriter, logicalType: ParquetLogicalType): void {
  switch (logicalType) {
    case 'STRING':
      writer.fieldStruct(1, () => undefined);
      return;
    case 'DATE':
      writer.fieldStruct(6, () => undefined);
      return;
    case 'TIMESTAMP_MICROS_UTC':
      writer.fieldStruct(8, () => {
        writer.fieldBool(1, true);
        writer.fieldStruct(2, () => writer.fieldStruct(2, () => undefined));
      });
      return;
    case 'INT8':
    case 'INT16':
      writer.fieldStruct(10, () => {
        writer.fieldI8(1, logicalType === 'INT8' ? 8 : 16);
        writer.fieldBool(2, true);
      });
      return;
  }
}

function writeColumnChunk(writer: ThriftCompactWriter, chunk: PlacedChunk): void {
  const { column } = chunk;
  writer.struct(() => {
    // Deprecated; parquet.thrift asks for 0 when no ColumnMetaData is written outside the footer.
    writer.fieldI64(2, 0);
    writer.fieldStruct(3, () => {
      writer.fieldI32(1, PHYSICAL_TYPE[column.physicalType]);
      writer.fieldList(2, ThriftType.I32, chunkEncodings(column), (encoding) => writer.i32(encoding));
      writer.fieldList(3, ThriftType.BINARY, [column.name], (name) => writer.string(name));
      writer.fieldI32(4, CODEC[column.codec]);
      writer.fieldI64(5, chunk.valueCount);
      writer.fieldI64(6, chunk.uncompressedSize);
      writer.fieldI64(7, chunk.compressedSize);
      writer.fieldI64(9, chunk.dataPageOffset);
      if (chunk.dictionaryPageOffset !== undefined) writer.fieldI64(11, chunk.dictionaryPageOffset);
      writer.fieldStruct(12, () => {
        writer.fieldI64(3, chunk.nullCount);
        if (column.statistics?.max) writer.fieldBinary(5, column.statistics.max);
        if (column.statistics?.min) writer.fieldBinary(6, column.statistics.min);
      });
    });
  });
}

/** Every encoding of the chunk, levels' RLE included, in ascending enum order. */
function chunkEncodings(column: EncodedColumnChunk): number[] {
  const encodings = new Set<number>([ENCODING.RLE]);
  if (column.dictionaryPage) encodings.add(ENCODING.PLAIN);
  for (const page of column.dataPages) encodings.add(ENCODING[page.encoding]);
  return [...encodings].sort((a, b) => a - b);
}

function checkFile(input: ParquetFileInput): void {
  if (!Number.isSafeInteger(input.rows) || input.rows < 0) throw new Error(`Parquet file: row count must be a non-negative integer, got ${input.rows}`);
  if (input.columns.length === 0) throw new Error('Parquet file: at least one column is needed');
  const names = new Set<string>();
  for (const column of input.columns) {
    if (column.name === '') throw new Error('Parquet file: a column has an empty name');
    if (names.has(column.name)) throw new Error(`Parquet file: column ${column.name} appears twice`);
    names.add(column.name);
    checkColumn(column, input.rows);
  }
}

function checkColumn(column: EncodedColumnChunk, rows: number): void {
  const fail = (detail: string): never => {
    throw new Error(`Parquet column ${column.name}: ${detail}`);
  };
  if (column.logicalType !== undefined && LOGICAL_TYPE_PHYSICAL_TYPE[column.logicalType] !== column.physicalType) {
    fail(`logical type ${column.logicalType} needs physical type ${LOGICAL_TYPE_PHYSICAL_TYPE[column.logicalType]}, not ${column.physicalType}`);
  }
  if (column.dataPages.length === 0) fail('no data page');
  if (column.dictionaryPage) checkPage(column.dictionaryPage, 'dictionary page', fail);
  let values = 0;
  let nulls = 0;
  column.dataPages.forEach((page, index) => {
    const what = `data page ${index}`;
    checkPage(page, what, fail);
    if (!Number.isSafeInteger(page.nullCount) || page.nullCount < 0 || page.nullCount > page.valueCount) {
      fail(`${what} has ${page.nullCount} nulls for ${page.valueCount} values`);
    }
    if (page.encoding === 'RLE_DICTIONARY' && !column.dictionaryPage) fail(`${what} is RLE_DICTIONARY-encoded but there is no dictionary page`);
    if (page.encoding === 'RLE' && column.physicalType !== 'BOOLEAN') fail(`${what} is RLE-encoded, which only BOOLEAN values can be`);
    values += page.valueCount;
    nulls += page.nullCount;
  });
  if (values !== rows) fail(`the data pages hold ${values} values for ${rows} rows`);
  if (!column.nullable && nulls > 0) fail(`${nulls} nulls in a column that is not nullable`);
  const statistics = column.statistics;
  if (!statistics) return;
  if (statistics.nullCount !== nulls) fail(`statistics count ${statistics.nullCount} nulls, the data pages ${nulls}`);
  const boundBytes = PLAIN_BOUND_BYTES[column.physicalType];
  for (const [bound, bytes] of [['min', statistics.min], ['max', statistics.max]] as const) {
    if (bytes && boundBytes !== undefined && bytes.length !== boundBytes) {
      fail(`${bound} statistic has ${bytes.length} bytes, a PLAIN ${column.physicalType} has ${boundBytes}`);
    }
  }
}

function checkPage(page: EncodedPage, what: string, fail: (detail: string) => never): void {
  for (const [field, value] of [
    ['value count', page.valueCount],
    ['uncompressed size', page.uncompressedSize],
    ['stored size', page.body.length],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0 || value > INT32_MAX) fail(`${what} ${field} must be an integer in [0, 2^31), got ${value}`);
  }
}
