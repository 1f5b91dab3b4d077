import { DuckDBSession } from '../duckdb-session';
import type { ObjectStore } from '@music/storage';
import { localStore, temporaryDirectory, type TemporaryDirectory } from './temporary-stores';

/** What the table tests of a file (or describe block) share: one DuckDB session, and a fresh directory per test. */
export interface TableTestSetup {
  duckdb: DuckDBSession;
  /** Replaced before each test; a test may replace it itself (the new one is removed after it). */
  directory: TemporaryDirectory;
  /** A local store on the current test's directory. */
  store(): ObjectStore;
}

/** Registers the hooks that open and close the session and create and remove each test's directory. */
export function tableTestSetup(label: string): TableTestSetup {
  const setup = { store: () => localStore(setup.directory.path) } as TableTestSetup;
  beforeAll(async () => {
    setup.duckdb = await DuckDBSession.create();
  });
  afterAll(async () => {
    await setup.duckdb?.close();
  });
  beforeEach(async () => {
    setup.directory = await temporaryDirectory(label);
  });
  afterEach(async () => {
    await setup.directory?.remove();
  });
  return setup;
}
