import type { PropertiesResult } from '@music/delta';
import { lakeTableUri, withExistingTable, type Lake } from './lake';
import { LAKE_LAYERS } from './table-catalog';

/** What an operator asks of one table's properties: nothing (show them), set some, or unset some. */
export type TablePropertiesRequest = { kind: 'show' } | { kind: 'set'; properties: Readonly<Record<string, string>> } | { kind: 'unset'; keys: readonly string[] };

export interface TablePropertiesReport {
  table: string;
  location: string;
  /** 'shown' when only read; otherwise whether a commit was made. */
  status: 'shown' | PropertiesResult['status'];
  version: number;
  properties: Record<string, string>;
}

export class UnknownTableError extends Error {
  constructor(name: string) {
    super(`no lake table is named ${JSON.stringify(name)}; the tables are ${LAKE_LAYERS.map(({ table }) => table.name).join(', ')}`);
    this.name = 'UnknownTableError';
  }
}

export class TableNotCreatedError extends Error {
  constructor(name: string, location: string) {
    super(`table ${name} does not exist yet at ${location}: it is created by the job that first writes it`);
    this.name = 'TableNotCreatedError';
  }
}

/** Shows, sets or unsets the properties of the lake table named `name` (ALTER TABLE … TBLPROPERTIES). */
export async function changeTableProperties(lake: Lake, name: string, request: TablePropertiesRequest): Promise<TablePropertiesReport> {
  const definition = LAKE_LAYERS.find(({ table }) => table.name === name)?.table;
  if (!definition) throw new UnknownTableError(name);
  const report = await withExistingTable(lake, definition, async (table): Promise<Omit<TablePropertiesReport, 'table' | 'location'>> => {
    if (request.kind === 'show') {
      const snapshot = await table.refresh();
      return { status: 'shown', version: snapshot.version, properties: { ...snapshot.configuration } };
    }
    const result = request.kind === 'set' ? await table.setProperties(request.properties) : await table.unsetProperties(request.keys);
    return { status: result.status, version: result.version, properties: result.properties };
  });
  const location = lakeTableUri(lake, definition);
  if (!report) throw new TableNotCreatedError(name, location);
  return { table: name, location, ...report };
}
