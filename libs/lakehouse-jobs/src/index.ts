export { lakeTableUri, openIfExists, openOrCreate, type Lake, type LakeTable } from './lake';
export { changesSince, partitionValuesOf, type TableChanges } from './table-changes';
export { refreshSilver, SILVER_BRONZE_APP_ID, type SilverRefresh } from './silver-refresh';
export { GOLD_SILVER_APP_ID, refreshGold, type GoldTableRefresh } from './gold-refresh';
export { refreshLake, type RefreshRun } from './refresh-run';
export { maintainLake, type MaintenanceOptions, type MaintenanceReport, type TableMaintenance } from './lake-maintenance';
export { eraseUser, type ErasedTable, type ErasureReport } from './user-erasure';
export { readCatalog, type CatalogEntry } from './table-catalog';
export { changeTableProperties, TableNotCreatedError, UnknownTableError, type TablePropertiesReport, type TablePropertiesRequest } from './table-properties-change';
