import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostId, temporarySibling } from '@spyglass-recompute/nwb';
import { createTestDatabase, type TestBackend, testBackends } from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

const backends = testBackends().filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb');

interface CleanupJson {
  dryRun: boolean;
  residue: Array<{ path: string; tag: string; pid: number; ownerDead: boolean; bytes: number }>;
  inUse: Array<{ path: string }>;
  untracked: Array<{ path: string; bytes: number }>;
  untrackedRemoved: boolean;
  bytes: number;
}

// Issue 12 §2: `.X.deleting-…`, `.X.regen-…` and writers' `.tmp-` files of killed runs stayed
// forever and status did not count them.
describe.each(backends)('recompute v0 cleanup and status leftover bytes (%s, through the CLI in process)', (backend) => {
  test('dry run by default; --yes removes residue of dead processes only; untracked folders only with --delete-untracked', async () => {
    const db = await createTestDatabase(backend, { migrate: false });
    const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-cleanup-'));
    try {
      const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
      const cli = (...args: string[]) => runCli([...args, '--json'], env);
      expect((await cli('db', 'migrate')).exitCode).toBe(0);
      const recording = path.join(baseDir, 'recording');
      const copies = path.join(baseDir, 'tmp', 'spikesorting_recompute_v0', 'someone_default_00');
      await mkdir(recording, { recursive: true });
      await mkdir(copies, { recursive: true });
      const dead = { hostId: hostId(), pid: spawnSync(process.execPath, ['-e', '']).pid as number };
      const trash = temporarySibling(path.join(recording, 'rat_.nwb_demo_0_default'), 'deleting', dead);
      await mkdir(trash);
      await writeFile(path.join(trash, 'traces_cached_seg0.raw'), Buffer.alloc(1000));
      const partial = temporarySibling(path.join(copies, 'rat_.nwb_demo_0_default'), 'partial', dead);
      await writeFile(partial, Buffer.alloc(24));
      const live = temporarySibling(path.join(recording, 'other'), 'regen', { hostId: hostId(), pid: process.pid });
      await writeFile(live, 'busy');
      const stray = path.join(recording, 'stray_folder');
      await mkdir(stray);
      await writeFile(path.join(stray, 'x'), 'user data');

      const status = await cli('v0', 'status');
      expect(status.exitCode).toBe(0);
      expect(status.json).toMatchObject({ bytesLeftover: 1024, leftoverEntries: 2 });

      const dry = await cli('v0', 'cleanup');
      expect(dry.exitCode).toBe(0);
      const dryJson = dry.json as CleanupJson;
      expect(dryJson).toMatchObject({ dryRun: true, bytes: 1024, untrackedRemoved: false });
      expect(dryJson.residue.map((entry) => [entry.path, entry.tag, entry.pid])).toEqual(
        [
          [trash, 'deleting', dead.pid],
          [partial, 'partial', dead.pid],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(dryJson.inUse.map((entry) => entry.path)).toEqual([live]);
      expect(dryJson.untracked.map((entry) => entry.path)).toEqual([stray]);
      for (const p of [trash, partial, live, stray]) expect(existsSync(p)).toBe(true);

      const real = await cli('v0', 'cleanup', '--yes');
      expect(real.exitCode).toBe(0);
      expect(real.json).toMatchObject({ dryRun: false, bytes: 1024 });
      for (const p of [trash, partial]) expect(existsSync(p)).toBe(false);
      for (const p of [live, stray]) expect(existsSync(p)).toBe(true);
      expect((await cli('v0', 'status')).json).toMatchObject({ bytesLeftover: 0, leftoverEntries: 0 });

      const untracked = await cli('v0', 'cleanup', '--yes', '--delete-untracked');
      expect(untracked.json).toMatchObject({ untrackedRemoved: true });
      expect(existsSync(stray)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await db.drop();
      await rm(baseDir, { recursive: true, force: true });
    }
  }, 240_000);
});
