import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Test helper: runs the real `kith` entry point as a separate process, as a person would.

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type Finished = { code: number | null; stdout: string; stderr: string };

const children = new Set<ChildProcess>();

/** The environment of a spawned kith: the embedded store in dataDir, never a configured PostgreSQL. */
export function kithEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KITH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  return env;
}

/** Starts `kith ...args`; the process is remembered so killAll can end it. */
export function startKith(args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => Finished } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return Object.assign(child, { output: () => ({ code: child.exitCode, stdout, stderr }) });
}

/** Runs `kith ...args` to the end. */
export function runKith(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Finished> {
  const child = startKith(args, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kith ${args.join(' ')} did not finish in ${timeoutMs} ms: ${child.output().stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ...child.output(), code });
    });
  });
}

/** Waits until a running process has printed text on stdout. */
export async function waitForOutput(
  child: ReturnType<typeof startKith>,
  text: string | RegExp,
  timeoutMs = 60_000,
  stream: 'stdout' | 'stderr' = 'stdout',
) {
  const started = Date.now();
  const seen = () => {
    const output = child.output()[stream];
    return typeof text === 'string' ? output.includes(text) : text.test(output);
  };
  while (!seen()) {
    if (child.exitCode !== null) throw new Error(`kith exited (${child.exitCode}): ${child.output().stderr}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no "${text}" after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child.output().stdout;
}

/** Ends every process this helper started that is still running. */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}
