import { spawn } from 'node:child_process';

/** Runs a command to its end, collecting its output (the referees' Python and Maven calls). */
export function runProcess(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (error) => reject(new Error(`could not run ${command}`, { cause: error })));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
