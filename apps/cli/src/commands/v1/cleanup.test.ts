import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hostId, temporarySibling } from '@spyglass-recompute/nwb';
import { createTestDatabase, type TestBackend, testBackends } from '@spyglass-recompute/schema';
import { runCliInProcess as runCli } from '../../test-support/runCliInProcess';

// One backend (the first of sqlite/mariadb under test): residue names and what the command does with
// them are file-system work; which entries rows still reference (untracked) is tested on every
// backend, on the real v1 tables, by packages/engine's crashResidue.test.ts (crashResidueSuite's
// cleanup test). (v0's twin keeps both backends: nothing else runs v0's cleanup on a server.)
const backends = testBackends()
  .filter((b): b is TestBackend => b === 'sqlite' || b === 'mariadb')
  .slice(0, 1);

interface CleanupJson {
  dryRun: boolean;
  residue: Array<{ path: string; tag: string; pid: number; ownerDead: boolean; bytes: number }>;
  inUse: Array<{ path: string }>;
  untracked: Array<{ path: string; bytes: number }>;
  untrackedRemoved: boolean;
  bytes: number;
}

// Issue 12 §2: `.X.deleting-…` trash, writers' `.tmp` files and `.regen-` copies of killed v1
// runs stayed forever and status did not count them; names of the previous release (pid, no
// host) included. The v0 twin is ../v0/cleanup.test.ts.
for (const backend of backends)
  describe(`recompute v1 cleanup and status leftover bytes (${backend}, through the CLI in process)`, () => {
    test('dry run lists; --yes removes residue of dead processes (new and previous-release names) only; untracked files are only listed', async () => {
      const db = await createTestDatabase(backend, { migrate: false });
      const baseDir = await mkdtemp(path.join(os.tmpdir(), 'cli-v1-cleanup-'));
      try {
        const env = { RECOMPUTE_DB_URL: db.url, SPYGLASS_BASE_DIR: baseDir };
        const cli = (...args: string[]) => runCli([...args, '--json'], env);
        expect((await cli('db', 'migrate')).exitCode).toBe(0);
        const analysis = path.join(baseDir, 'analysis', 'rat');
        const copies = path.join(baseDir, 'tmp', 'spikesorting_v1_recompute', 'someone_default_00', 'rat');
        await mkdir(analysis, { recursive: true });
        await mkdir(copies, { recursive: true });
        const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
        const dead = { hostId: hostId(), pid: deadPid };
        const file = path.join(analysis, 'ratABC123.nwb');
        const residue = {
          trash: temporarySibling(file, 'deleting', dead),
          regen: temporarySibling(file, 'regen', dead),
          writerTemp: temporarySibling(path.join(copies, 'ratABC123.nwb'), 'tmp', dead),
          // The previous release's names: `.X.deleting-PID-hex`, a killed fetch's writer temp
          // `..X.nwb.regen-PID-hex.PID.hex.tmp`, a killed run's `.X.nwb.PID.hex.tmp`.
          legacyTrash: path.join(analysis, `.ratDEF456.nwb.deleting-${deadPid}-0a1b2c3d`),
          legacyRegenTemp: path.join(analysis, `..ratDEF456.nwb.regen-${deadPid}-0a1b2c3d.${deadPid}.c0ffee00.tmp`),
          legacyWriterTemp: path.join(copies, `.ratDEF456.nwb.${deadPid}.c0ffee00.tmp`),
        };
        for (const [i, p] of Object.values(residue).entries()) await writeFile(p, Buffer.alloc(100 + i));
        const residueBytes = Object.values(residue).reduce((sum, _p, i) => sum + 100 + i, 0);
        const live = temporarySibling(path.join(analysis, 'other.nwb'), 'regen', { hostId: hostId(), pid: process.pid });
        const legacyLive = path.join(analysis, `.busy.nwb.${process.pid}.c0ffee00.tmp`);
        await writeFile(live, 'busy');
        await writeFile(legacyLive, 'busy');
        const stray = path.join(analysis, 'stray.nwb');
        await writeFile(stray, 'user data');

        const status = await cli('v1', 'status');
        expect(status.exitCode).toBe(0);
        expect(status.json).toMatchObject({ bytesLeftover: residueBytes, leftoverEntries: 6 });

        const dry = await cli('v1', 'cleanup');
        expect(dry.exitCode).toBe(0);
        const dryJson = dry.json as CleanupJson;
        expect(dryJson).toMatchObject({ dryRun: true, bytes: residueBytes, untrackedRemoved: false });
        expect(dryJson.residue.map((entry) => entry.path)).toEqual(Object.values(residue).sort((a, b) => a.localeCompare(b)));
        expect(dryJson.residue.every((entry) => entry.pid === deadPid && entry.ownerDead)).toBe(true);
        expect(dryJson.inUse.map((entry) => entry.path)).toEqual([legacyLive, live].sort((a, b) => a.localeCompare(b)));
        // No row references anything in analysis/rat: the topmost untracked entry, the folder, is listed.
        expect(dryJson.untracked.map((entry) => entry.path)).toEqual([analysis]);
        for (const p of [...Object.values(residue), live, legacyLive, stray]) expect(existsSync(p)).toBe(true);

        const real = await cli('v1', 'cleanup', '--yes');
        expect(real.exitCode).toBe(0);
        expect(real.json).toMatchObject({ dryRun: false, bytes: residueBytes, untrackedRemoved: false });
        for (const p of Object.values(residue)) expect(existsSync(p)).toBe(false);
        for (const p of [live, legacyLive, stray]) expect(existsSync(p)).toBe(true);
        expect((await cli('v1', 'status')).json).toMatchObject({ bytesLeftover: 0, leftoverEntries: 0 });
      } finally {
        await db.drop();
        await rm(baseDir, { recursive: true, force: true });
      }
    }, 240_000);
  });
