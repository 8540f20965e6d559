import path from 'node:path';
import { Config, Errors, run } from '@oclif/core';
import { jsonOutputOf, type CliRun } from './runCli';

const cliRoot = path.resolve(__dirname, '../..');

/** The oclif configuration of the built CLI, loaded once per test file (module registry). */
let loadedConfig: Promise<Config> | undefined;

/** Runs are serialised: each one swaps `process.env` and the output streams for its duration. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a command of the built CLI inside the test process, through the same oclif entry the bin
 * uses (`run(argv, config)` over `package.json` + `oclif.manifest.json` + `dist/commands`), and
 * captures what it writes to stdout and stderr and the exit code it sets — the {@link CliRun} a
 * spawned {@link runCli} returns, without a second of Node start-up and module loading per call.
 *
 * For the tests that check what a command does with its arguments, database and files. Tests of
 * the process itself keep spawning the bin: exit codes of crashes and kills, signals, the modules
 * a command loads, `--workers` child processes, TTY output. `contract.test.ts` runs a sample of
 * commands both ways and asserts identical results.
 *
 * `env` is laid over `process.env` for the run (an `undefined` value removes a variable), as
 * `runCli` does for its child; `options.cwd` is the working directory for the run (restored
 * after). Not for concurrent use: calls queue behind each other.
 */
export function runCliInProcess(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string } = {}): Promise<CliRun> {
  const next = queue.then(() => runOnce(args, env, options.cwd));
  queue = next.catch(() => undefined);
  return next;
}

async function runOnce(args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<CliRun> {
  loadedConfig ??= Config.load(cliRoot);
  const config = await loadedConfig;
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const savedExitCode = process.exitCode;
  const writeStdout = process.stdout.write;
  const writeStderr = process.stderr.write;
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) =>
    function (chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  process.exitCode = undefined;
  if (cwd !== undefined) process.chdir(cwd);
  process.stdout.write = capture((text) => (stdout += text)) as typeof process.stdout.write;
  process.stderr.write = capture((text) => (stderr += text)) as typeof process.stderr.write;
  let exitCode: number;
  try {
    await run(args, config);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    // What oclif's `execute` does with an error that escapes the command (a hook's `exit`, an
    // error thrown before the command's own `catch`): its exit code, the message on stderr.
    const oclif = (error as { oclif?: { exit?: number } }).oclif;
    exitCode = oclif?.exit ?? 1;
    if (!(error instanceof Errors.ExitError)) {
      const rendered = (error as { render?: () => string }).render?.() ?? (error as Error).stack ?? String(error);
      stderr += `${rendered}\n`;
    }
  } finally {
    process.stdout.write = writeStdout;
    process.stderr.write = writeStderr;
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    process.exitCode = savedExitCode;
    if (cwd !== undefined) process.chdir(savedCwd);
  }
  return { exitCode, stdout, stderr, json: jsonOutputOf(args, stdout) };
}
