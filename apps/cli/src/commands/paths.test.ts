import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CliRun } from '../test-support/runCli';
import { runCliInProcess } from '../test-support/runCliInProcess';

const rawFixture = path.resolve(__dirname, '../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const repoRoot = path.resolve(__dirname, '../../../..');

/** Runs the `pnpm recompute` launcher as pnpm does: in the workspace root, the user's directory in INIT_CWD. */
function runLauncher(args: string[], initCwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'tooling/scripts/recompute.cjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: '', INIT_CWD: initCwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code ?? -1, stdout, stderr, json: args.includes('--json') ? JSON.parse(stdout) : undefined }),
    );
  });
}

// A user in their own lab folder types paths relative to it (issue 17 §2). The commands run in
// process in the lab folder (runCliInProcess with `cwd`); the two ways a user starts the real bin,
// a symlink on PATH and the `pnpm recompute` launcher (whose `hash nwb` resolves a relative path in
// a spawned process), are spawned.
describe('paths resolve against the directory the user ran the command in', () => {
  let lab: string;
  const env = { RECOMPUTE_DB_URL: undefined, SPYGLASS_BASE_DIR: undefined, INIT_CWD: undefined };
  beforeAll(async () => {
    lab = await mkdtemp(path.join(os.tmpdir(), 'cli-lab-'));
    await mkdir(path.join(lab, 'incoming'));
    await copyFile(rawFixture, path.join(lab, 'incoming', 'rat01_.nwb'));
  });
  afterAll(async () => rm(lab, { recursive: true, force: true }));

  it('hash nwb with a relative path reports the absolute one; a missing file is named absolutely', async () => {
    const hashed = await runCliInProcess(['hash', 'nwb', 'incoming/rat01_.nwb', '--json'], env, { cwd: lab });
    expect(hashed.exitCode).toBe(0);
    expect(hashed.json).toMatchObject({ path: path.join(lab, 'incoming', 'rat01_.nwb'), hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const missing = await runCliInProcess(['hash', 'nwb', 'incoming/missing.nwb', '--json'], env, { cwd: lab });
    expect(missing.exitCode).toBe(2);
    expect(missing.json).toEqual({
      error: expect.objectContaining({
        code: 'FILE_NOT_FOUND',
        message: expect.stringContaining(path.join(lab, 'incoming', 'missing.nwb')),
      }),
    });
  });

  it('ingest with a relative file and a relative --base-dir works in the user’s folder', async () => {
    const run = await runCliInProcess(['ingest', 'incoming/rat01_.nwb', '--base-dir', 'data', '--json'], env, { cwd: lab });
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({ nwbFileName: 'rat01_.nwb', nwbFileAbsPath: path.join(lab, 'data', 'raw', 'rat01_.nwb') });
  });

  it('a symlink to the bin on PATH runs outside the workspace', async () => {
    await mkdir(path.join(lab, 'bin'), { recursive: true });
    await symlink(path.join(repoRoot, 'apps/cli/bin/run.js'), path.join(lab, 'bin', 'recompute'));
    const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn('recompute', ['--version'], {
        cwd: lab,
        env: { ...process.env, NODE_OPTIONS: '', PATH: `${path.join(lab, 'bin')}${path.delimiter}${process.env.PATH}` },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/@spyglass-recompute\/cli\/\d+\.\d+\.\d+/);
  });

  it('`pnpm recompute` (the launcher, run in the workspace root) resolves against INIT_CWD', async () => {
    const run = await runLauncher(['hash', 'nwb', 'incoming/rat01_.nwb', '--json'], lab);
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({ path: path.join(lab, 'incoming', 'rat01_.nwb') });
  });
});
