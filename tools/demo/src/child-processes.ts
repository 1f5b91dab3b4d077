import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One program of the demo: what to run, with which environment, logging where. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  logFile: string;
}

export interface ChildExit {
  name: string;
  logFile: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningChild {
  readonly spec: ChildSpec;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  /** True once the process group has been asked to stop (an exit after that is expected). */
  readonly stopping: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of a log file, for an error message that says why a program died. */
export function tailOf(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The programs the demo started, each in its own process group (tsx and next start child
 * processes of their own, and the terminal's Ctrl-C must reach the demo only, so it can stop
 * them in order). Output goes to one log file per program.
 */
export class ChildProcesses {
  private readonly children: { child: RunningChild; oneShot: boolean; markStopping: () => void }[] = [];

  /** Starts a long-running program: its exit before `stopAll` counts as unexpected. */
  start(spec: ChildSpec): RunningChild {
    return this.spawn(spec, false);
  }

  private spawn(spec: ChildSpec, oneShot: boolean): RunningChild {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = openSync(spec.logFile, 'a');
    const proc = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    const pid = proc.pid;
    if (pid === undefined) throw new Error(`could not start ${spec.name}: ${spec.command} ${spec.args.join(' ')}`);
    let stopping = false;
    const exited = new Promise<ChildExit>((resolve) => {
      proc.once('exit', (code, signal) => resolve({ name: spec.name, logFile: spec.logFile, code, signal }));
      proc.once('error', () => resolve({ name: spec.name, logFile: spec.logFile, code: null, signal: null }));
    });
    const child: RunningChild = {
      spec,
      pid,
      exited,
      get stopping() {
        return stopping;
      },
    };
    this.children.push({ child, oneShot, markStopping: () => (stopping = true) });
    return child;
  }

  /** Runs a program to its end; rejects with the tail of its log when it fails. */
  async run(spec: ChildSpec): Promise<void> {
    const child = this.spawn(spec, true);
    const exit = await child.exited;
    const index = this.children.findIndex((c) => c.child === child);
    if (index >= 0) this.children.splice(index, 1);
    if (exit.code !== 0) {
      throw new Error(`${spec.name} failed (exit ${exit.code ?? exit.signal}); last lines of ${spec.logFile}:\n${tailOf(spec.logFile)}`);
    }
  }

  /** Resolves with the first program that exits without having been asked to. */
  firstUnexpectedExit(): Promise<ChildExit> {
    return Promise.race(
      this.children
        .filter(({ oneShot }) => !oneShot)
        .map(async ({ child }) => {
          const exit = await child.exited;
          return child.stopping ? new Promise<never>(() => undefined) : exit;
        }),
    );
  }

  /**
   * Stops every program, last started first (the dashboard before the API, the producer before
   * ingest, so ingest can flush what the producer sent): SIGTERM to the process group, then
   * SIGKILL after `graceMs`.
   */
  async stopAll(graceMs: number, onStop?: (name: string) => void): Promise<ChildExit[]> {
    const exits: ChildExit[] = [];
    for (const { child, markStopping } of [...this.children].reverse()) {
      markStopping();
      onStop?.(child.spec.name);
      signalGroup(child.pid, 'SIGTERM');
      const exit = await Promise.race([child.exited, sleep(graceMs).then(() => null)]);
      if (exit) exits.push(exit);
      else {
        signalGroup(child.pid, 'SIGKILL');
        exits.push(await child.exited);
      }
      // Helpers of the program (tsx's node child, next's server) share its group.
      signalGroup(child.pid, 'SIGKILL');
    }
    this.children.length = 0;
    return exits;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
