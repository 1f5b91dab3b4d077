export { BRONZE_COLUMNS, BRONZE_PARTITION_COLUMNS, toBronzeRow, type BronzeColumnType, type BronzeRow, type KafkaSource } from './bronze-row';
export { bronzeEventLinesSql, encodeBronzeEventLines, type BronzeEventSource } from './bronze-event-lines';
export { encodeBronzeDataFiles, type BronzeRecord } from './bronze-data-files';
export { QUARANTINE_COLUMNS, QUARANTINE_PARTITION_COLUMNS, toQuarantineRow, type QuarantineRow } from './quarantine-row';
export type { TableColumn, TableColumnType, TableColumnValue, TableRow } from './table-column';
export { HOUR_BUCKETS, QUALIFIED_PLAY_MIN_MS, SILVER_COLUMNS, SILVER_PARTITION_COLUMNS, SILVER_TABLE, type HourBucket, type SilverRow } from './silver-row';
export {
  GOLD_TABLES,
  GOLD_TABLE_NAMES,
  TRENDING_DEFAULTS,
  goldTable,
  type GoldRow,
  type GoldTable,
  type GoldTableDefinition,
  type GoldTableName,
} from './gold-tables';
export { BRONZE_TABLE, ERASED_LISTENERS_TABLE, QUARANTINE_TABLE } from './lake-tables';
export { ERASED_LISTENER_COLUMNS, userIdDigest, type ErasedListenerRow } from './erased-listener';
export { deltaSchemaOf, lakeTableProperties, openOrCreateTable, type LakeTableDefinition } from './lake-table-store';
export { bronzeNextOffset, ingestAppId } from './bronze-offsets';
export { deleteListenerRows, LISTENER_DELETE_ATTEMPTS } from './listener-rows-deletion';
