import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from '@music/logger';

/**
 * `go install module@version` into a private GOBIN, then moves the binary to `binary`.
 * Go's own module and build caches (~/go/pkg/mod, ~/.cache/go-build) make a rebuild on a
 * fresh clone take seconds; only the very first build compiles everything.
 */
export async function goInstall(options: {
  module: string;
  version: string;
  binary: string;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
}): Promise<void> {
  const gobin = join(dirname(options.binary), '.gobin');
  rmSync(gobin, { recursive: true, force: true });
  mkdirSync(gobin, { recursive: true });
  const target = `${options.module}@${options.version}`;
  options.log.info({ target }, 'building with go install (a first build takes several minutes)');
  const started = Date.now();
  const output: string[] = [];
  const progress = setInterval(
    () => options.log.info({ target, elapsedSeconds: Math.round((Date.now() - started) / 1000) }, 'still building'),
    30_000,
  );
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('go', ['install', target], {
        env: { ...options.env, GOBIN: gobin },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('error', (error) => reject(new Error('could not run go', { cause: error })));
      child.on('close', (exitCode) => resolve(exitCode ?? 1));
    });
    if (code !== 0) throw new Error(`go install ${target} failed with exit code ${code}:\n${output.join('').slice(-4000)}`);
  } finally {
    clearInterval(progress);
  }
  const name = options.module.split('/').pop() ?? 'binary';
  renameSync(join(gobin, name), options.binary);
  rmSync(gobin, { recursive: true, force: true });
  options.log.info({ target, seconds: Math.round((Date.now() - started) / 1000) }, 'built');
}
