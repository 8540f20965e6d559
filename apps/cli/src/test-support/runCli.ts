import { spawn } from 'node:child_process';
import path from 'node:path';

/** What one CLI invocation produced. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** `stdout` parsed as JSON when the run used `--json`. */
  json: unknown;
}

/** `stdout` parsed as JSON when `args` asked for `--json` (undefined when it is not JSON). */
export function jsonOutputOf(args: readonly string[], stdout: string): unknown {
  if (!args.includes('--json')) return undefined;
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return undefined;
  }
}

const binPath = path.resolve(__dirname, '../../bin/run.js');

/**
 * Runs the built `recompute` CLI (`bin/run.js` → `dist/`) in a child process, exactly as a user
 * or CI script would, and captures exit code, stdout and stderr.
 */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: {
    cwd?: string;
    timeoutMs?: number;
    /** Run as this user (root only; e.g. 65534 to meet file permissions). */ uid?: number;
    gid?: number;
  } = {},
): Promise<CliRun> {
  // An `undefined` value removes the variable (e.g. a developer's own RECOMPUTE_DB_URL).
  const childEnv = Object.fromEntries(Object.entries({ ...process.env, NODE_OPTIONS: '', ...env }).filter(([, v]) => v !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      env: childEnv,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ exitCode: code ?? -1, stdout, stderr, json: jsonOutputOf(args, stdout) });
    });
  });
}

/** `value` quoted for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`, part of every Debian base system),
 * so stdout and stderr are TTYs as for a user at a terminal: progress lines then print.
 * Both streams arrive merged in `output`, with the terminal's `\r\n` line ends made `\n`.
 */
export function runCliInTerminal(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { timeoutMs?: number } = {},
): Promise<{ exitCode: number; output: string }> {
  const childEnv = Object.fromEntries(Object.entries({ ...process.env, NODE_OPTIONS: '', ...env }).filter(([, v]) => v !== undefined));
  const command = [process.execPath, binPath, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    // -e: exit with the command's code; -f: flush as it prints; -q: no "Script started" banner.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, output: output.replaceAll('\r\n', '\n') }));
  });
}
