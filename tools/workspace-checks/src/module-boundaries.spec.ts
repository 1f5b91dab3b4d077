import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace-projects';

interface EslintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * The rule reads Nx's cached project graph and skips itself (with only a warning) when there is
 * none, as on a fresh clone before any nx command. Computing the graph first makes the check real.
 */
function ensureProjectGraph(): void {
  const run = spawnSync(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0) throw new Error(`nx show projects failed: ${run.stderr}`);
}

/** Runs the workspace's real eslint CLI on a fixture and returns the boundary rule's messages. */
function boundaryMessages(fixture: string): string[] {
  // --no-ignore lints the fixtures, which the normal lint run skips on purpose.
  const run = spawnSync(join(WORKSPACE_ROOT, 'node_modules', '.bin', 'eslint'), ['--no-ignore', '--format', 'json', fixture], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  expect(run.stderr).not.toContain('rule will be skipped');
  const results = JSON.parse(run.stdout) as EslintResult[];
  return results.flatMap((r) => r.messages).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('@nx/enforce-module-boundaries', () => {
  jest.setTimeout(120_000);
  beforeAll(ensureProjectGraph);

  it('fails lint when a type:util lib imports a type:testing lib', () => {
    expect(boundaryMessages('libs/config/lint-fixtures/util-imports-testing-lib.ts')).toEqual([
      expect.stringContaining('A project tagged with "type:util" can only depend on libs tagged with "type:util"'),
    ]);
  });

  it('allows an import its tags permit', () => {
    expect(boundaryMessages('libs/logger/lint-fixtures/util-imports-util-lib.ts')).toEqual([]);
  });
});
