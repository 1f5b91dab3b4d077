import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** A long-running process the infra CLI starts in the background and stops later. */
export interface ProcessSpec {
  /** Unique id, used for the pid and log file names, e.g. `kafka` or `hdfs-namenode`. */
  id: string;
  command: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
  cwd?: string;
}

const pidRecordSchema = z.object({
  id: z.string(),
  pid: z.number().int().positive(),
  /** Kernel start time of the process (Linux), so a recycled pid is never mistaken for ours. */
  startTime: z.string().nullable(),
  command: z.string(),
  logFile: z.string(),
  startedAt: z.string(),
});
export type PidRecord = z.infer<typeof pidRecordSchema>;

export type ProcessState = { state: 'running'; record: PidRecord } | { state: 'stopped' };

/** Fields of /proc/PID/stat after the command name (which may contain spaces); Linux only. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** True while the process runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie has exited; it only waits for its parent to reap it.
  return procStat(pid)?.[0] !== 'Z';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts detached processes with their output in a log file, tracks them by pid file, stops them. */
export class Supervisor {
  constructor(
    private readonly runDir: string,
    private readonly parentEnv: Readonly<Record<string, string | undefined>>,
  ) {}

  logFile(id: string): string {
    return join(this.runDir, 'logs', `${id}.log`);
  }

  private pidFile(id: string): string {
    return join(this.runDir, 'pids', `${id}.json`);
  }

  private readRecord(id: string): PidRecord | undefined {
    const file = this.pidFile(id);
    if (!existsSync(file)) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
    const parsed = pidRecordSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  state(id: string): ProcessState {
    const record = this.readRecord(id);
    if (!record || !isAlive(record.pid)) return { state: 'stopped' };
    const startTime = processStartTime(record.pid);
    if (record.startTime !== null && startTime !== null && startTime !== record.startTime) return { state: 'stopped' };
    return { state: 'running', record };
  }

  start(spec: ProcessSpec): PidRecord {
    const current = this.state(spec.id);
    if (current.state === 'running') return current.record;
    const logFile = this.logFile(spec.id);
    mkdirSync(dirname(logFile), { recursive: true });
    mkdirSync(dirname(this.pidFile(spec.id)), { recursive: true });
    const fd = openSync(logFile, 'a');
    try {
      writeFileSync(fd, `\n==== ${new Date().toISOString()} starting ${spec.command} ${spec.args.join(' ')}\n`);
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: { ...this.parentEnv, ...spec.env },
        stdio: ['ignore', fd, fd],
        // Own process group: stop() signals the whole group, so no child survives us.
        detached: true,
      });
      if (child.pid === undefined) throw new Error(`could not start ${spec.command} for ${spec.id}`);
      child.unref();
      const record: PidRecord = {
        id: spec.id,
        pid: child.pid,
        startTime: processStartTime(child.pid),
        command: [spec.command, ...spec.args].join(' '),
        logFile,
        startedAt: new Date().toISOString(),
      };
      writeFileSync(this.pidFile(spec.id), JSON.stringify(record, null, 2));
      return record;
    } finally {
      closeSync(fd);
    }
  }

  /** SIGTERM to the process group, then SIGKILL after `graceMs`. Returns how it ended. */
  async stop(id: string, graceMs = 20_000): Promise<'not-running' | 'stopped' | 'killed'> {
    const current = this.state(id);
    rmSync(this.pidFile(id), { force: true });
    if (current.state !== 'running') return 'not-running';
    const { pid } = current.record;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        try {
          process.kill(pid, signal);
        } catch {
          /* already gone */
        }
      }
    };
    signalGroup('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return 'stopped';
      await sleep(100);
    }
    signalGroup('SIGKILL');
    while (isAlive(pid)) await sleep(50);
    return 'killed';
  }

  /** The last lines of a process's log, for error messages. */
  tail(id: string, lines = 30): string {
    const file = this.logFile(id);
    if (!existsSync(file)) return '(no log)';
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }
}
