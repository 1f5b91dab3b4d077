#!/usr/bin/env node
// `npm run demo` on a fresh clone: install the workspace's packages if they are missing, then run
// the demo (TypeScript, through tsx). Plain Node only: nothing is installed yet when this starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.error('demo: installing the workspace packages (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('demo: npm ci failed; fix the error above and run `npm run demo` again');
    process.exit(1);
  }
}

const demo = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'tools', 'demo', 'src', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// The terminal's Ctrl-C reaches the demo too (same process group); it stops in order, then exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
