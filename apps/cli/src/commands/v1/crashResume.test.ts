import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestBackend, testBackends } from '@spyglass-recompute/schema';
import { runCli } from '../../test-support/runCli';

const rawFixture = path.resolve(__dirname, '../../../../../../shared/fixtures/spikesorting/short/raw/oracle_raw.nwb');
const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

/** Entries next to `file` that stand for it (the file itself, `.X.deleting-…`, `.X.regen-…`). */
async function entriesOf(file: string): Promise<string[]> {
  return (await readdir(path.dirname(file))).filter((name) => name.includes(path.basename(file, '.nwb'))).sort();
}

// Issue 12 §2: a `v1 delete-files` killed between "flag deleted" and "unlink" left the file
// flagged forever (rerun: ALREADY_DELETED, status: reclaimable 0, fetch: regenerated:false
// without clearing the flag). Here the CLI process really dies (SIGKILL from the engine's crash
// point, armed by RECOMPUTE_TEST_CRASH_AT), and the reruns must reach the state of an
// uninterrupted delete-files + fetch.
for (const backend of backends) describe(`recompute v1 delete-files killed mid-way, then rerun (${backend}, spawned CLI)`, () => {
  test('a kill after the flag or after the move to trash ends, after reruns, where an uninterrupted run does', async () => {
    const db = await createTestDatabase(backend, { migrate: false });
    const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v1-crash-'));
    try {
      const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir, RECOMPUTE_TEST_CRASH_AT: undefined };
      const cli = (...args: string[]) => runCli([...args, '--json'], env);
      const killedAt = (point: string, ...args: string[]) => runCli([...args, '--json'], { ...env, RECOMPUTE_TEST_CRASH_AT: point });
      expect((await cli('db', 'migrate')).exitCode).toBe(0);
      expect((await cli('ingest', rawFixture)).exitCode).toBe(0);
      expect((await cli('v1', 'sort-group', 'set', 'oracle_raw.nwb', '0', '--electrodes', '0,1,2,3', '--reference', '4')).exitCode).toBe(0);
      expect((await cli('interval', 'add', 'oracle_raw.nwb', 'two_s', '--start', '1687429800.5', '--end', '1687429802.5')).exitCode).toBe(0);
      const created = await cli('v1', 'recording', 'create', '--nwb-file', 'oracle_raw.nwb', '--sort-group', '0', '--interval', 'two_s');
      expect(created.exitCode).toBe(0);
      const { recording_id: id, path: file, hash } = created.json as { recording_id: string; path: string; hash: string };
      expect((await cli('v1', 'versions', 'populate')).exitCode).toBe(0);
      expect((await cli('v1', 'attempt', '--rounding', '4')).exitCode).toBe(0);
      expect((await cli('v1', 'run')).exitCode).toBe(0);
      const verified = (await cli('v1', 'status')).json;
      expect(verified).toMatchObject({ matched: 1, deleted: 0, bytesLeftover: 0, leftoverEntries: 0 });

      // The reference: an uninterrupted delete-files, then fetch.
      expect((await cli('v1', 'delete-files', '--older-than', '0d', '--yes')).exitCode).toBe(0);
      expect(await entriesOf(file)).toEqual([]);
      const deletedStatus = (await cli('v1', 'status')).json;
      expect(deletedStatus).toMatchObject({ deleted: 1, bytesLeftover: 0, leftoverEntries: 0 });
      expect((await cli('v1', 'fetch', id)).json).toEqual({ path: file, regenerated: true, hash });
      expect((await cli('v1', 'status')).json).toEqual(verified);

      // 1. Killed after the row is flagged, before the file is touched.
      const killed = await killedAt('delete:flagged', 'v1', 'delete-files', '--older-than', '0d', '--yes');
      expect(killed.exitCode).toBe(-1); // no exit code: the process died of SIGKILL
      expect(killed.stdout).toBe('');
      expect(existsSync(file)).toBe(true);
      const flaggedButPresent = await cli('v1', 'status');
      expect(flaggedButPresent.json).toMatchObject({ deleted: 1 });
      expect((flaggedButPresent.json as { bytesLeftover: number }).bytesLeftover).toBeGreaterThan(0);

      const rerun = await cli('v1', 'delete-files', '--older-than', '0d', '--yes');
      expect(rerun.exitCode).toBe(0);
      expect(rerun.json).toMatchObject({ dryRun: false, entries: [expect.objectContaining({ path: file, resumed: true })] });
      expect(await entriesOf(file)).toEqual([]);
      expect((await cli('v1', 'status')).json).toEqual(deletedStatus);
      const fetched = await cli('v1', 'fetch', id);
      expect(fetched.exitCode).toBe(0);
      expect(fetched.json).toEqual({ path: file, regenerated: true, hash });
      expect(await entriesOf(file)).toEqual([path.basename(file)]);
      expect((await cli('v1', 'status')).json).toEqual(verified);

      // 2. Killed after the file moved to its `.deleting-` trash, before the trash is removed.
      const killedInTrash = await killedAt('delete:moved-to-trash', 'v1', 'delete-files', '--older-than', '0d', '--yes');
      expect(killedInTrash.exitCode).toBe(-1);
      expect(existsSync(file)).toBe(false);
      const [trash, ...others] = await entriesOf(file);
      expect(others).toEqual([]);
      expect(trash).toMatch(/\.deleting-[0-9a-f]{8}-\d+-[0-9a-f]{8}$/);
      expect((await cli('v1', 'status')).json).toMatchObject({ deleted: 1, leftoverEntries: 1 });
      const rerunTrash = await cli('v1', 'delete-files', '--older-than', '0d', '--yes');
      expect(rerunTrash.exitCode).toBe(0);
      expect(rerunTrash.json).toMatchObject({ entries: [expect.objectContaining({ path: file, resumed: true })] });
      expect(await entriesOf(file)).toEqual([]);
      expect((await cli('v1', 'status')).json).toEqual(deletedStatus);
      expect((await cli('v1', 'fetch', id)).json).toEqual({ path: file, regenerated: true, hash });
      expect((await cli('v1', 'status')).json).toEqual(verified);
    } finally {
      await db.drop();
      await rm(baseDir, { recursive: true, force: true });
    }
  }, 300_000);
});
