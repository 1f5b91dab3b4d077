import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@music/logger';

/** Where resolveMavenLibDir puts (or has put) a pom's jars; computing it runs nothing. */
export function mavenLibDir(pom: string, cacheDir: string): string {
  const digest = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
  return join(cacheDir, digest);
}

/**
 * Runs a pom's `generate-resources` phase with `-Dmusic.lib.dir=DIR`, where the pom copies its
 * runtime jars (DIR/lib) and anything else it needs, and returns DIR. DIR is named after the
 * pom's content, so a version change never mixes two versions of a jar on the classpath, and a
 * finished directory is reused without running Maven. Jars are downloaded once into Maven's own
 * local repository (~/.m2).
 */
export async function resolveMavenLibDir(options: { pom: string; cacheDir: string; log: Logger }): Promise<string> {
  const libDir = mavenLibDir(options.pom, options.cacheDir);
  const doneMarker = join(libDir, '.complete');
  if (existsSync(doneMarker)) return libDir;

  rmSync(libDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  options.log.info({ pom: options.pom, into: libDir }, 'resolving jars with Maven (the first run downloads them)');
  const started = Date.now();
  const args = ['-B', '-q', '-Dstyle.color=never', '-f', options.pom, 'generate-resources', `-Dmusic.lib.dir=${libDir}`];
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', (error) => reject(new Error('could not run mvn', { cause: error })));
    child.on('close', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) {
    throw new Error(`mvn ${args.join(' ')} failed with exit code ${code}:\n${output.join('').slice(-4000)}`);
  }
  writeFileSync(doneMarker, new Date().toISOString());
  options.log.info({ pom: options.pom, seconds: Math.round((Date.now() - started) / 1000) }, 'jars resolved');
  return libDir;
}
