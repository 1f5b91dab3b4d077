import { TablePropertyError } from '@music/delta';
import { BRONZE_TABLE, lakeTableProperties } from '@music/tables';
import { readCatalog } from './table-catalog';
import { changeTableProperties, TableNotCreatedError, UnknownTableError } from './table-properties-change';
import { localDisk, type TestLake } from './test-helpers/lake-backends';
import { appendBronze, makeEvent } from './test-helpers/lake-fixture';

let lake: TestLake;

beforeEach(async () => {
  lake = await localDisk.newLake();
});

afterEach(async () => {
  await lake.remove();
});

describe('changeTableProperties', () => {
  it('shows, sets and unsets the properties of a lake table by name; the catalog lists them', async () => {
    await appendBronze(lake, [makeEvent(0, 0)], 0);
    const shown = await changeTableProperties(lake, BRONZE_TABLE.name, { kind: 'show' });
    expect(shown).toEqual({ table: BRONZE_TABLE.name, location: expect.stringContaining('bronze/listening_events'), status: 'shown', version: 1, properties: lakeTableProperties(BRONZE_TABLE) });

    const set = await changeTableProperties(lake, BRONZE_TABLE.name, { kind: 'set', properties: { 'delta.logRetentionDuration': 'interval 2 days', owner: 'ops' } });
    expect(set).toMatchObject({ status: 'committed', version: 2, properties: { 'delta.logRetentionDuration': 'interval 2 days', owner: 'ops' } });
    expect(await changeTableProperties(lake, BRONZE_TABLE.name, { kind: 'set', properties: { owner: 'ops' } })).toMatchObject({ status: 'unchanged', version: 2 });

    const unset = await changeTableProperties(lake, BRONZE_TABLE.name, { kind: 'unset', keys: ['owner'] });
    expect(unset).toMatchObject({ status: 'committed', version: 3 });
    expect(unset.properties).not.toHaveProperty('owner');
    const catalog = await readCatalog(lake);
    expect(catalog.find((entry) => entry.name === BRONZE_TABLE.name)?.properties).toEqual(unset.properties);
    expect(catalog.find((entry) => entry.name === 'silver_listening_events')?.properties).toEqual({});
  });

  it('names the tables when the name is unknown, says when the table does not exist yet, and refuses bad values', async () => {
    await expect(changeTableProperties(lake, 'bronze', { kind: 'show' })).rejects.toThrow(UnknownTableError);
    await expect(changeTableProperties(lake, 'bronze', { kind: 'show' })).rejects.toThrow(/the tables are bronze_listening_events, bronze_quarantine, silver_listening_events, top_artists_daily, /);
    await expect(changeTableProperties(lake, 'silver_listening_events', { kind: 'show' })).rejects.toThrow(TableNotCreatedError);
    await appendBronze(lake, [makeEvent(0, 0)], 0);
    await expect(changeTableProperties(lake, BRONZE_TABLE.name, { kind: 'set', properties: { 'delta.logRetentionDuration': 'soon' } })).rejects.toThrow(TablePropertyError);
  });
});
