import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hostId, processIsAlive, temporarySibling } from '@spyglass-recompute/nwb';
import type { CrashPoint } from '../artefactFiles';
import { RecomputeEngine } from '../RecomputeEngine';
import { createFakeWorld, fakeEnvironment, type FakeWorld } from './createFakeWorld';
import type { FakeKey } from './FakePipeline';
import type { StoreFactory } from './engineLifecycleSuite';

/** A pid that certainly belonged to a process of this host that is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

/** Files under the world's roots (relative, sorted) plus each row's deleted flag: what "the same state" means. */
async function stateOf(w: FakeWorld): Promise<{ files: string[]; deleted: Record<string, boolean> }> {
  const files = [w.recordingDir, w.tempDir].flatMap((root) =>
    (readdirSync(root, { recursive: true }) as string[]).map((entry) => `${path.basename(root)}/${entry}`),
  );
  const rows = await w.store.listRecomputes({});
  // Lock folders are infrastructure a fetch creates once; lock files themselves are compared.
  return {
    files: files.filter((file) => !/^tmp\/\.locks(\/[^/]+)?$/.test(file)).sort(),
    deleted: Object.fromEntries(rows.map((row) => [row.recording.name, row.deleted])),
  };
}

const KILLED = 'killed (simulated SIGKILL)';

/**
 * Crash points of deletion and regeneration (issue 12 §2), against any store backend: each test
 * stops a run at one point as a kill would, reruns a command, and compares the end state with an
 * uninterrupted run's. The crashed process is this one, so the rerun's liveness probe counts this
 * pid as dead — as a real rerun would see the killed process.
 */
export function crashResidueSuite(backend: string, factory: StoreFactory): void {
  describe(`crash residue is resumable (${backend})`, () => {
    const worlds: string[] = [];
    afterAll(async () => {
      for (const dir of worlds) rmSync(dir, { recursive: true, force: true });
      await factory.close?.();
    });

    async function matchedWorld(names: string[], kind: 'file' | 'folder' = 'file'): Promise<FakeWorld> {
      const { store, register } = await factory.create();
      const w = await createFakeWorld({
        names,
        store,
        register,
        kind,
        behaviour: (name) => (name.startsWith('mm') ? 'mismatch' : 'match'),
      });
      worlds.push(w.base);
      await w.engine.populateVersions();
      await w.engine.attempt();
      await w.engine.populate();
      return w;
    }

    function engine(
      w: FakeWorld,
      options: { crashAt?: Parameters<CrashPoint>[0]; crashedPidIsDead?: boolean } = {},
    ): RecomputeEngine<FakeKey> {
      return new RecomputeEngine<FakeKey>({
        pipeline: w.pipeline,
        store: w.store,
        environment: { envId: 'tester_default_00', snapshot: fakeEnvironment() },
        dataRoots: [w.recordingDir, w.tempDir],
        tempDir: w.tempDir,
        ...(options.crashAt
          ? {
              crashPoint: (point) => {
                if (point === options.crashAt) throw new Error(KILLED);
              },
            }
          : {}),
        ...(options.crashedPidIsDead ? { isProcessAlive: (pid: number) => pid !== process.pid && processIsAlive(pid) } : {}),
      });
    }
    const yes = { dryRun: false, yes: true, olderThanDays: 0 } as const;

    /** The end states of uninterrupted runs, to compare reruns with. */
    async function reference(kind: 'file' | 'folder', steps: 'delete' | 'delete+fetch') {
      const w = await matchedWorld(['aa1'], kind);
      await w.engine.deleteFiles({}, yes);
      if (steps === 'delete+fetch') await w.engine.ensureArtefact({ name: 'aa1' });
      return stateOf(w);
    }

    it.each(['file', 'folder'] as const)(
      'killed between "flag deleted" and the unlink (%s): delete-files reruns to the uninterrupted end state',
      async (kind) => {
        // Databases hold one world at a time: the uninterrupted reference runs first.
        const expected = await reference(kind, 'delete');
        const w = await matchedWorld(['aa1'], kind);
        await expect(engine(w, { crashAt: 'delete:flagged' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
        expect(existsSync(w.artefacts[0]!.path)).toBe(true);
        const stuck = await engine(w).status();
        expect(stuck).toMatchObject({ deleted: 1, bytesReclaimable: 0 });
        expect(stuck.bytesLeftover).toBeGreaterThan(0);
        const rerun = await engine(w, { crashedPidIsDead: true }).deleteFiles({}, yes);
        expect(rerun.entries.map((entry) => [entry.recording.name, entry.resumed])).toEqual([['aa1', true]]);
        expect(await stateOf(w)).toEqual(expected);
        expect(await engine(w).status()).toMatchObject({ deleted: 1, bytesLeftover: 0, leftoverEntries: 0 });
        await expect(engine(w).deleteFiles({}, yes)).rejects.toMatchObject({ code: 'ALREADY_DELETED' });
      },
    );

    it('killed between "flag deleted" and the unlink: fetch verifies the file and clears the flag (the state of delete + fetch)', async () => {
      const expected = await reference('file', 'delete+fetch');
      const w = await matchedWorld(['aa1']);
      await expect(engine(w, { crashAt: 'delete:flagged' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
      const fetched = await engine(w, { crashedPidIsDead: true }).ensureArtefact({ name: 'aa1' });
      expect(fetched).toMatchObject({ path: w.artefacts[0]!.path, regenerated: false, hash: w.artefacts[0]!.hash });
      expect(await stateOf(w)).toEqual(expected);
    });

    it('flagged deleted with a file present whose hash is wrong: fetch finishes the deletion and regenerates a verified copy', async () => {
      const expected = await reference('file', 'delete+fetch');
      const w = await matchedWorld(['aa1']);
      await expect(engine(w, { crashAt: 'delete:flagged' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
      writeFileSync(w.artefacts[0]!.path, 'tampered');
      const fetched = await engine(w, { crashedPidIsDead: true }).ensureArtefact({ name: 'aa1' });
      expect(fetched).toMatchObject({ regenerated: true, hash: w.artefacts[0]!.hash });
      expect((await w.pipeline.hash(w.artefacts[0]!.path)).hash).toBe(w.artefacts[0]!.hash);
      expect(await stateOf(w)).toEqual(expected);
    });

    it.each(['file', 'folder'] as const)(
      'killed after the move to trash (%s): status counts the trash; delete-files and fetch reruns clean it',
      async (kind) => {
        let expected = await reference(kind, 'delete');
        const w = await matchedWorld(['aa1'], kind);
        await expect(engine(w, { crashAt: 'delete:moved-to-trash' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
        const folder = path.dirname(w.artefacts[0]!.path);
        const trash = readdirSync(folder).filter((entry) => entry.includes('.deleting-'));
        expect(trash).toHaveLength(1);
        expect((await engine(w, { crashedPidIsDead: true }).status()).bytesLeftover).toBeGreaterThan(0);
        const rerun = await engine(w, { crashedPidIsDead: true }).deleteFiles({}, yes);
        expect(rerun.entries[0]).toMatchObject({ resumed: true, trashPaths: [path.join(folder, trash[0]!)] });
        expect(await stateOf(w)).toEqual(expected);

        expected = await reference(kind, 'delete+fetch');
        const other = await matchedWorld(['aa1'], kind);
        await expect(engine(other, { crashAt: 'delete:moved-to-trash' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
        expect(await engine(other, { crashedPidIsDead: true }).ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
        expect(await stateOf(other)).toEqual(expected);
      },
    );

    it.each(['file', 'folder'] as const)(
      'trash named by the previous release (%s, `.X.deleting-PID-hex`, no host): a delete-files rerun finishes it',
      async (kind) => {
        const expected = await reference(kind, 'delete');
        const w = await matchedWorld(['aa1'], kind);
        await expect(engine(w, { crashAt: 'delete:moved-to-trash' }).deleteFiles({}, yes)).rejects.toThrow(KILLED);
        const folder = path.dirname(w.artefacts[0]!.path);
        const [trash] = readdirSync(folder).filter((entry) => entry.includes('.deleting-'));
        const legacyTrash = path.join(folder, `.${path.basename(w.artefacts[0]!.path)}.deleting-${deadPid()}-0a1b2c3d`);
        renameSync(path.join(folder, trash!), legacyTrash);
        expect((await engine(w).status()).leftoverEntries).toBe(1);
        const rerun = await engine(w).deleteFiles({}, yes);
        expect(rerun.entries[0]).toMatchObject({ resumed: true, trashPaths: [legacyTrash] });
        expect(await stateOf(w)).toEqual(expected);
      },
    );

    it('killed after a regenerated copy was renamed into place but before the flag was cleared: fetch or delete-files rerun', async () => {
      let expected = await reference('file', 'delete+fetch');
      const w = await matchedWorld(['aa1']);
      await w.engine.deleteFiles({}, yes);
      await expect(engine(w, { crashAt: 'regen:in-place' }).ensureArtefact({ name: 'aa1' })).rejects.toThrow(KILLED);
      expect(existsSync(w.artefacts[0]!.path)).toBe(true);
      expect(await engine(w, { crashedPidIsDead: true }).ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: false });
      expect(await stateOf(w)).toEqual(expected);

      expected = await reference('file', 'delete');
      const other = await matchedWorld(['aa1']);
      await other.engine.deleteFiles({}, yes);
      await expect(engine(other, { crashAt: 'regen:in-place' }).ensureArtefact({ name: 'aa1' })).rejects.toThrow(KILLED);
      await engine(other, { crashedPidIsDead: true }).deleteFiles({}, yes);
      expect(await stateOf(other)).toEqual(expected);
    });

    it('killed during a regeneration (half-written .regen- copy of a dead pid): fetch reruns to the uninterrupted end state', async () => {
      const expected = await reference('folder', 'delete+fetch');
      const w = await matchedWorld(['aa1'], 'folder');
      await w.engine.deleteFiles({}, yes);
      const partial = temporarySibling(w.artefacts[0]!.path, 'regen', { hostId: hostId(), pid: deadPid() });
      mkdirSync(partial);
      writeFileSync(path.join(partial, 'obj0'), 'half');
      expect((await engine(w).status()).bytesLeftover).toBe(4);
      expect(await engine(w).ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
      expect(await stateOf(w)).toEqual(expected);
    });

    it('cleanup: dry run by default; removes residue of dead processes and stale locks, keeps live ones; lists untracked entries, removing them only when asked', async () => {
      const w = await matchedWorld(['aa1', 'mm1']);
      const dead = { hostId: hostId(), pid: deadPid() };
      const trash = temporarySibling(path.join(w.recordingDir, 'gone'), 'deleting', dead);
      writeFileSync(trash, 'x'.repeat(10));
      const copyDir = path.join(w.tempDir, w.pipeline.schema, 'tester_default_00');
      mkdirSync(copyDir, { recursive: true });
      const writerTemp = temporarySibling(path.join(copyDir, 'aa1.fake'), 'tmp', dead);
      writeFileSync(writerTemp, 'y'.repeat(20));
      const otherHost = temporarySibling(path.join(w.recordingDir, 'x'), 'regen', { hostId: hostId('another-host'), pid: dead.pid });
      writeFileSync(otherHost, 'z');
      const live = temporarySibling(path.join(w.recordingDir, 'y'), 'partial');
      writeFileSync(live, 'z');
      const lockDir = path.join(w.tempDir, '.locks', w.pipeline.schema);
      mkdirSync(lockDir, { recursive: true });
      writeFileSync(path.join(lockDir, 'abc.lock'), `${os.hostname()} ${dead.pid}`);
      const stray = path.join(w.recordingDir, 'stray.bin');
      writeFileSync(stray, 'untracked');
      const keptMismatchCopy = w.engine.temporaryPath(w.artefacts[1]!);
      expect(existsSync(keptMismatchCopy)).toBe(true);

      const dry = await engine(w).cleanup();
      expect(dry).toMatchObject({ dryRun: true, bytes: 30, untrackedRemoved: false });
      expect(dry.residue.map((entry) => entry.path)).toEqual([trash, writerTemp].sort());
      expect(dry.inUse.map((entry) => entry.path).sort()).toEqual([live, otherHost].sort());
      expect(dry.untracked.map((entry) => entry.path)).toEqual([stray]);
      expect(dry.staleLocks).toHaveLength(1);
      expect((await engine(w).status()).bytesLeftover).toBe(30);
      for (const p of [trash, writerTemp, stray]) expect(existsSync(p)).toBe(true);

      const real = await engine(w).cleanup({ dryRun: false });
      expect(real.bytes).toBe(30);
      for (const p of [trash, writerTemp, path.join(lockDir, 'abc.lock')]) expect(existsSync(p)).toBe(false);
      for (const p of [live, otherHost, stray, keptMismatchCopy, w.artefacts[0]!.path]) expect(existsSync(p)).toBe(true);
      expect((await engine(w).status()).bytesLeftover).toBe(0);

      await engine(w).cleanup({ dryRun: false, deleteUntracked: true });
      expect(existsSync(stray)).toBe(false);
      for (const p of [keptMismatchCopy, w.artefacts[0]!.path, w.artefacts[1]!.path]) expect(existsSync(p)).toBe(true);
      renameSync(live, `${live}-done`);
    });
  });
}
