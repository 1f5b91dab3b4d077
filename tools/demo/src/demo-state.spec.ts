import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoStateFile } from './demo-state';

const now = new Date('2026-12-06T10:00:00Z');

describe('DemoStateFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'demo-state-')), 'local');
  });

  it('creates a state with a topic of its own, then gives it back on the next run', () => {
    const first = new DemoStateFile(dir).openOrCreate(false, now);
    expect(first.created).toBe(true);
    expect(first.state.topic).toBe(`demo-events-${first.state.id}`);
    const file = new DemoStateFile(dir);
    file.save({ ...first.state, backfill: { from: '2026-11-29T10:00:00.000Z', to: '2026-12-06T10:00:00.000Z', events: 1234 } });
    const second = new DemoStateFile(dir).openOrCreate(false, now);
    expect(second.created).toBe(false);
    expect(second.state).toEqual({ ...first.state, backfill: { from: '2026-11-29T10:00:00.000Z', to: '2026-12-06T10:00:00.000Z', events: 1234 } });
  });

  it('--fresh forgets the previous lake and topic', () => {
    const first = new DemoStateFile(dir).openOrCreate(false, now);
    writeFileSync(join(dir, 'old-file'), 'x');
    const fresh = new DemoStateFile(dir).openOrCreate(true, now);
    expect(fresh.created).toBe(true);
    expect(fresh.state.id).not.toBe(first.state.id);
    expect(existsSync(join(dir, 'old-file'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual(fresh.state);
  });

  it('refuses a state file it cannot trust, and says how to start over', () => {
    new DemoStateFile(dir).openOrCreate(false, now);
    writeFileSync(join(dir, 'state.json'), '{"id":"UPPER","topic":""}');
    expect(() => new DemoStateFile(dir).openOrCreate(false, now)).toThrow(/state\.json is not a demo state \(id: .*topic: .*\); run with --fresh/);
    writeFileSync(join(dir, 'state.json'), 'not json');
    expect(() => new DemoStateFile(dir).openOrCreate(false, now)).toThrow(/cannot read .*state\.json; run with --fresh/);
  });
});
