import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface RunningCli {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/**
 * Starts a klen-mock CLI (by default `src/cli.ts` through tsx) and waits for its banner's
 * `listening <url>` line.
 */
export async function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; command?: string[]; cwd?: string; timeoutMs?: number } = {}): Promise<RunningCli> {
  const command = options.command ?? [process.execPath, '--import', 'tsx', 'src/cli.ts'];
  const child = spawn(command[0] as string, [...command.slice(1), ...args], {
    cwd: options.cwd ?? new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start in time:\n${output}`)), options.timeoutMs ?? 30_000);
    const check = () => {
      const match = /listening\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      const started = performance.now();
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return { code, ms: performance.now() - started };
    },
  };
}

/** Runs the CLI to completion (for start-up failures) and returns its exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
