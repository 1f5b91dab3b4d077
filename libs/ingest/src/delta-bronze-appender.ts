import { parquetCodec } from '@music/delta';
import { bronzeEventLinesSql, encodeBronzeDataFiles, encodeBronzeEventLines, toBronzeRow } from '@music/tables';
import { appendLinesOrFallback, committedVersion, DeltaAppenderBase } from './delta-table-appender';
import type { TxnClaim } from './partition-progress';
import type { ValidRecord, ValidRecordAppender } from './table-appender';

/**
 * The bronze Delta table, fed with the valid records themselves: their Kafka values (the event
 * JSON the validator accepted) and coordinates. When the table's codec is one our WebAssembly
 * Parquet encoder writes (snappy, as bronze is created, or uncompressed), the values go straight
 * to Parquet (encodeBronzeDataFiles: no JS string per event) and the files are committed with the
 * batch's txns. Otherwise they become JSON lines that DuckDB maps to bronze's columns
 * (bronzeEventLinesSql) and writes in one COPY; a batch DuckDB cannot read that way (an event of
 * an older schema version, JSON it would read differently from the validator, such as a
 * duplicate member) is written from toBronzeRow through `DeltaTable.append`.
 */
export class DeltaBronzeAppender extends DeltaAppenderBase implements ValidRecordAppender {
  readonly takes = 'valid-records';

  append(records: readonly ValidRecord[], claims: readonly TxnClaim[]): Promise<{ version: number }> {
    return committedVersion(this.name, records.length, claims, async (txns) => {
      const [first] = records;
      if (first === undefined) return this.table.append([], { txns });
      // writeBatch gives every record of a batch the same ingestion time.
      const { ingestedAt } = first;
      const codec = parquetCodec(this.table.snapshot().configuration);
      if (codec === 'snappy' || codec === 'uncompressed') return this.table.appendFiles(encodeBronzeDataFiles(records, ingestedAt, codec), { txns });
      const sources = records.map(({ record, ingestedAt: at }) => {
        if (record.value === null || at.getTime() !== ingestedAt.getTime()) {
          throw new Error(`${this.name}: a valid record has no value, or its batch has more than one ingestion time`);
        }
        return { topic: record.topic, partition: record.partition, offset: record.offset, value: record.value };
      });
      const rows = () => records.map(({ record, event }) => toBronzeRow(event, record, ingestedAt));
      return appendLinesOrFallback(this.table, this.options.workDirectory, encodeBronzeEventLines(sources), (path) => bronzeEventLinesSql(path, ingestedAt), txns, () =>
        this.table.append(rows(), { txns }),
      );
    });
  }
}
