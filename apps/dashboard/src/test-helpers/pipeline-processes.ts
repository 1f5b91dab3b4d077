import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Real programs of the pipeline, started as users start them, for the browser tests. */

export const ROOT = join(__dirname, '..', '..', '..', '..');

export interface Program {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

export interface ProgramOptions {
  cwd?: string;
  /** stdout is data the caller reads (NDJSON), not log lines. */
  captureStdout?: boolean;
}

/** Starts node with `args` (e.g. tsxScript(...)) in its own process group, logging to a file. */
export function startProgram(name: string, args: readonly string[], env: Record<string, string>, logFile: string, options: ProgramOptions = {}): Program {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (!options.captureStdout) child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { name, child, exited, logFile };
}

/** Runs a program to its end and returns what it wrote on stdout (when captured); fails naming its log when it exits non-zero. */
export async function runProgram(name: string, args: readonly string[], env: Record<string, string>, logFile: string, options: ProgramOptions = {}): Promise<string> {
  const program = startProgram(name, args, env, logFile, options);
  const chunks: Buffer[] = [];
  if (options.captureStdout) program.child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await program.exited;
  if (code !== 0) throw new Error(`${name} exited with ${code}; see ${logFile}`);
  return Buffer.concat(chunks).toString('utf8');
}

/** Stops a program and everything it started (its process group): SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProgram(program: Program, graceMs = 10_000): Promise<void> {
  const { pid } = program.child;
  if (pid === undefined || program.child.exitCode !== null || program.child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await program.exited;
  clearTimeout(timer);
  // Children that outlive the leader (next-server under the start command) go with the group.
  signalGroup('SIGKILL');
}


/** Polls `check` until it answers true; fails naming `what` (and the program's log) on timeout or if the program dies. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, program?: Program): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (program && program.child.exitCode !== null) throw new Error(`${program.name} exited with ${program.child.exitCode} while waiting for ${what}; see ${program.logFile}`);
    try {
      if (await check()) return;
    } catch {
      /* not ready yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${program ? `; see ${program.logFile}` : ''}`);
}

export const tsxScript = (script: string): string[] => ['--import', 'tsx', join(ROOT, script)];
