import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeltaTable } from '@music/delta';
import { openObjectStore } from '@music/storage';
import { ERASED_LISTENERS_TABLE, openOrCreateTable, userIdDigest } from '@music/tables';
import { DeltaErasedListeners } from './erased-listeners';

describe('DeltaErasedListeners', () => {
  let root: string;
  let register: DeltaTable;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'erased-listeners-'));
    register = await openOrCreateTable(openObjectStore(`file://${root}/register`), ERASED_LISTENERS_TABLE);
  });

  afterEach(async () => {
    await register.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('covers nobody while the register is empty, then the events of a registered listener up to their erasure', async () => {
    const erased = new DeltaErasedListeners(register);
    await erased.refresh();
    expect(erased.covers('u-1', '2026-11-24T10:00:00.000Z')).toBe(false);

    await register.append([{ user_id_sha256: userIdDigest('u-1'), erased_at: '2026-11-24T12:00:00.000Z' }]);
    // Until the next refresh (the next batch), the list is the one read last.
    expect(erased.covers('u-1', '2026-11-24T10:00:00.000Z')).toBe(false);
    await erased.refresh();
    expect(erased.covers('u-1', '2026-11-24T10:00:00.000Z')).toBe(true);
    expect(erased.covers('u-1', '2026-11-24T12:00:00.000Z')).toBe(true);
    expect(erased.covers('u-1', '2026-11-24T12:00:00.001Z')).toBe(false);
    expect(erased.covers('u-1', undefined)).toBe(true);
    expect(erased.covers('u-2', '2026-11-24T10:00:00.000Z')).toBe(false);
    expect(erased.covers('U-1', undefined)).toBe(false);
  });

  it('takes the latest erasure of a listener erased twice, and new registrations from any writer', async () => {
    await register.append([{ user_id_sha256: userIdDigest('u-1'), erased_at: '2026-11-20T00:00:00.000Z' }]);
    const erased = new DeltaErasedListeners(register);
    await erased.refresh();
    expect(erased.covers('u-1', '2026-11-22T00:00:00.000Z')).toBe(false);
    const other = await openOrCreateTable(openObjectStore(`file://${root}/register`), ERASED_LISTENERS_TABLE);
    await other.append([
      { user_id_sha256: userIdDigest('u-1'), erased_at: '2026-11-23T00:00:00.000Z' },
      { user_id_sha256: userIdDigest('u-3'), erased_at: '2026-11-23T00:00:00.000Z' },
    ]);
    await other.close();
    await erased.refresh();
    expect(erased.covers('u-1', '2026-11-22T00:00:00.000Z')).toBe(true);
    expect(erased.covers('u-3', '2026-11-22T00:00:00.000Z')).toBe(true);
  });

  it('names, after an erasure registered while the previous batch was in flight, the users that batch wrote before it', async () => {
    const erased = new DeltaErasedListeners(register);
    expect(await erased.refresh()).toEqual([]);
    // The batch was judged against the empty register, and wrote these users.
    erased.wrote(
      new Map<string, string | undefined>([
        ['u-1', '2026-11-24T10:00:00.000Z'],
        ['u-2', '2026-11-24T13:00:00.000Z'],
        ['u-3', undefined],
        ['u-4', '2026-11-24T10:00:00.000Z'],
      ]),
    );
    await register.append(['u-1', 'u-2', 'u-3'].map((userId) => ({ user_id_sha256: userIdDigest(userId), erased_at: '2026-11-24T12:00:00.000Z' })));
    // u-2's events all came after the erasure: new data. u-4 was not erased.
    expect((await erased.refresh()).sort()).toEqual(['u-1', 'u-3']);
    // Each batch is checked once: nothing more without a new batch and a new erasure.
    expect(await erased.refresh()).toEqual([]);
    erased.wrote(new Map([['u-1', '2026-11-24T10:00:00.000Z']]));
    expect(await erased.refresh()).toEqual([]);
  });
});
