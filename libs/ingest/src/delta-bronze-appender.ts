import { bronzeEventLinesSql, encodeBronzeEventLines, toBronzeRow } from '@music/tables';
import { appendLinesOrFallback, committedVersion, DeltaAppenderBase } from './delta-table-appender';
import type { TxnClaim } from './partition-progress';
import type { ValidRecord, ValidRecordAppender } from './table-appender';

/**
 * The bronze Delta table, fed with the valid records themselves: their Kafka values (the event
 * JSON the validator accepted) and coordinates become JSON lines that DuckDB maps to bronze's
 * columns (bronzeEventLinesSql, toBronzeRow's mapping in SQL) and writes to Parquet in one COPY,
 * so no bronze row is built, encoded or checked cell by cell in JS. A batch DuckDB cannot read
 * that way (an event of an older schema version, JSON it would read differently from the
 * validator, such as a duplicate member) is written from toBronzeRow through `DeltaTable.append`.
 */
export class DeltaBronzeAppender extends DeltaAppenderBase implements ValidRecordAppender {
  readonly takes = 'valid-records';

  append(records: readonly ValidRecord[], claims: readonly TxnClaim[]): Promise<{ version: number }> {
    return committedVersion(this.name, records.length, claims, async (txns) => {
      const [first] = records;
      if (first === undefined) return this.table.append([], { txns });
      const { ingestedAt } = first;
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
