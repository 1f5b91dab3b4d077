import type { TableView } from './lake-table-reader';

/** The fields every gold response carries (see tableVersionFields in @music/metrics-contract), from the version read. */
export function tableVersionOf(view: TableView): { table: string; table_version: number; last_updated: string } {
  return { table: view.name, table_version: view.version, last_updated: view.lastUpdated };
}
