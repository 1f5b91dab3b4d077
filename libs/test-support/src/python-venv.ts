import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from './run-process';

/** Runs `create(directory)` unless a `.complete` marker says it finished before; returns `directory`. */
export async function preparedOnce(directory: string, create: (directory: string) => Promise<void>): Promise<string> {
  if (existsSync(join(directory, '.complete'))) return directory;
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  await create(directory);
  writeFileSync(join(directory, '.complete'), new Date().toISOString());
  return directory;
}

/**
 * A Python venv at `directory` with the pinned packages of `requirements`, made on first use
 * (pip's own cache makes later creations fast); returns its python. `what` names it in errors.
 */
export async function pythonVenv(directory: string, requirements: string, env: NodeJS.ProcessEnv, what: string): Promise<string> {
  await preparedOnce(directory, async () => {
    const created = await runProcess('python3', ['-m', 'venv', directory], env);
    if (created.code !== 0) throw new Error(`python3 -m venv ${directory} failed: ${created.stderr}`);
    const installed = await runProcess(join(directory, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], env);
    if (installed.code !== 0) throw new Error(`pip install of ${what} failed: ${installed.stderr.slice(-3000)}`);
  });
  return join(directory, 'bin', 'python');
}
