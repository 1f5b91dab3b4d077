export { BRONZE_COLUMNS, BRONZE_PARTITION_COLUMNS, toBronzeRow, type BronzeColumnType, type BronzeRow, type KafkaSource } from './bronze-row';
export { QUARANTINE_COLUMNS, QUARANTINE_PARTITION_COLUMNS, toQuarantineRow, type QuarantineRow } from './quarantine-row';
