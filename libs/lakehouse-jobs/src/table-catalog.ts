import { BRONZE_TABLE, ERASED_LISTENERS_TABLE, GOLD_TABLES, QUARANTINE_TABLE, SILVER_TABLE } from '@music/tables';
import { lakeTableUri, openIfExists, type Lake, type LakeTable } from './lake';

export interface CatalogEntry {
  name: string;
  layer: 'bronze' | 'silver' | 'gold' | 'governance';
  location: string;
  description: string;
  columns: { name: string; type: string; nullable: boolean }[];
  partitionColumns: string[];
  /** Undefined while the table does not exist yet. */
  version: number | undefined;
  /** Time of the latest commit (ISO-8601). */
  lastUpdated: string | undefined;
  files: number;
  /** From the files' statistics (exact when every file has stats). */
  rows: number | undefined;
  /** Table properties (Delta `metaData.configuration`); empty while the table does not exist. */
  properties: Record<string, string>;
}

export const LAKE_LAYERS: readonly { layer: CatalogEntry['layer']; table: LakeTable }[] = [
  { layer: 'bronze', table: BRONZE_TABLE },
  { layer: 'bronze', table: QUARANTINE_TABLE },
  { layer: 'silver', table: SILVER_TABLE },
  ...GOLD_TABLES.map((table) => ({ layer: 'gold' as const, table })),
  { layer: 'governance', table: ERASED_LISTENERS_TABLE },
];

/** Every table of the lake by name, with its location, schema, version and last update. */
export async function readCatalog(lake: Lake): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const { layer, table: definition } of LAKE_LAYERS) {
    const table = await openIfExists(lake, definition);
    const base = {
      name: definition.name,
      layer,
      location: lakeTableUri(lake, definition),
      description: definition.description,
      partitionColumns: [...definition.partitionColumns],
    };
    if (!table) {
      entries.push({ ...base, columns: definition.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })), version: undefined, lastUpdated: undefined, files: 0, rows: undefined, properties: {} });
      continue;
    }
    try {
      const snapshot = await table.refresh();
      const counts = snapshot.files.map((f) => f.stats?.numRecords);
      entries.push({
        ...base,
        columns: snapshot.schema.fields.map((f) => ({ name: f.name, type: typeof f.type === 'string' ? f.type : f.type.type, nullable: f.nullable })),
        version: snapshot.version,
        lastUpdated: new Date(snapshot.timestamp).toISOString(),
        files: snapshot.files.length,
        rows: counts.every((c) => c !== undefined) ? counts.reduce<number>((sum, c) => sum + Number(c), 0) : undefined,
        properties: { ...snapshot.configuration },
      });
    } finally {
      await table.close();
    }
  }
  return entries;
}
