import type { ColumnStatistics } from './file-stats';
import type { EncodedCodec, EncodedColumnKind, EncodedColumnPages, ParquetColumnEncoder } from './parquet-column-encoder';
import { assembleParquetFile, type EncodedColumnChunk, type ParquetLogicalType, type ParquetPhysicalType } from './parquet-file-assembly';
import { formatTimestamp } from './scalar-values';
import type { PreparedDataFile } from './prepared-files';

/** A data column of a table as the WebAssembly encoder holds it. */
export interface EncodedColumn {
  name: string;
  /** The column's Delta type. */
  type: 'string' | 'integer' | 'long' | 'boolean' | 'timestamp';
  nullable: boolean;
  /** The encoder's column id. */
  id: number;
}

/** One data file to write: its partition values and rows (all the encoder's rows when absent). */
export interface EncodedPartition {
  partitionValues: Readonly<Record<string, string | null>>;
  selection?: Int32Array;
}

const PHYSICAL: Record<EncodedColumn['type'], ParquetPhysicalType> = {
  string: 'BYTE_ARRAY',
  integer: 'INT32',
  long: 'INT64',
  boolean: 'BOOLEAN',
  timestamp: 'INT64',
};

const LOGICAL: Partial<Record<EncodedColumn['type'], ParquetLogicalType>> = { string: 'STRING', timestamp: 'TIMESTAMP_MICROS_UTC' };

/** The encoder kinds a Delta type may be appended as. */
export const ENCODED_KINDS: Record<EncodedColumn['type'], readonly EncodedColumnKind[]> = {
  string: ['string', 'enum'],
  integer: ['int32'],
  long: ['int64'],
  boolean: ['boolean'],
  timestamp: ['int64'],
};

/** A PLAIN-encoded bound as the text DuckDB's RETURN_STATS gives, which file-stats reads. */
function boundText(bytes: Uint8Array, type: EncodedColumn['type']): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'string':
      return buffer.toString('utf8');
    case 'integer':
      return String(buffer.readInt32LE(0));
    case 'long':
      return buffer.readBigInt64LE(0).toString();
    case 'timestamp':
      return formatTimestamp(buffer.readBigInt64LE(0));
    case 'boolean':
      return bytes[0] === 1 ? 'true' : 'false';
  }
}

function statistics(pages: EncodedColumnPages, type: EncodedColumn['type']): ColumnStatistics {
  const entries: [string, string][] = [['null_count', String(pages.nullCount)]];
  if (pages.min !== undefined && pages.max !== undefined) entries.push(['min', boundText(pages.min, type)], ['max', boundText(pages.max, type)]);
  return new Map(entries);
}

/**
 * The Parquet data files of what `encoder` holds: for each partition, every column encoded over
 * its rows, wrapped with page headers and a footer, with the statistics Delta's add action needs.
 */
export function encodedDataFiles(encoder: ParquetColumnEncoder, columns: readonly EncodedColumn[], partitions: readonly EncodedPartition[], codec: EncodedCodec): PreparedDataFile[] {
  const rows = columns[0] === undefined ? 0 : encoder.rows(columns[0].id);
  for (const column of columns) {
    if (encoder.rows(column.id) !== rows) throw new Error(`encoded data files: column ${column.name} holds ${encoder.rows(column.id)} rows, not ${rows}`);
  }
  return partitions.map(({ partitionValues, selection }) => {
    const chunks: EncodedColumnChunk[] = [];
    const stats = new Map<string, ColumnStatistics>();
    for (const column of columns) {
      const pages = encoder.encode(column.id, codec, selection);
      const logicalType = LOGICAL[column.type];
      chunks.push({
        name: column.name,
        physicalType: PHYSICAL[column.type],
        ...(logicalType === undefined ? {} : { logicalType }),
        nullable: column.nullable,
        codec: codec === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED',
        ...(pages.dictionaryPage === undefined ? {} : { dictionaryPage: pages.dictionaryPage }),
        dataPages: [pages.dataPage],
        statistics: { ...(pages.min === undefined ? {} : { min: pages.min }), ...(pages.max === undefined ? {} : { max: pages.max }), nullCount: pages.nullCount },
      });
      stats.set(column.name, statistics(pages, column.type));
    }
    const fileRows = selection?.length ?? rows;
    return {
      partitionValues,
      body: assembleParquetFile({ rows: fileRows, columns: chunks, createdBy: 'music-delta version 0.1.0' }),
      rows: fileRows,
      statistics: stats,
      codec,
    };
  });
}
