import { spawn } from 'node:child_process';

/** Runs a short-lived Java main class to completion; rejects with its output on failure. */
export function runJavaMain(options: {
  classpath: string;
  mainClass: string;
  args: readonly string[];
  jvmArgs?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
}): Promise<string> {
  const argv = [...(options.jvmArgs ?? []), '-cp', options.classpath, options.mainClass, ...options.args];
  return new Promise((resolve, reject) => {
    const child = spawn('java', argv, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', (error) => reject(new Error(`could not run java ${options.mainClass}`, { cause: error })));
    child.on('close', (code) => {
      const text = output.join('');
      if (code === 0) resolve(text);
      else reject(new Error(`java ${options.mainClass} ${options.args.join(' ')} exited with ${code}:\n${text.slice(-3000)}`));
    });
  });
}
