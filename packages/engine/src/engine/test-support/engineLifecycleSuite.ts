import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecomputeStore } from '../RecomputeStore';
import type { StoredArtefact } from '../RecomputePipeline';
import { createFakeWorld, fakeEnvironment, type FakeWorldOptions } from './createFakeWorld';
import type { FakeBehaviour, FakeKey } from './FakePipeline';

/** How a backend provides a fresh store per test. */
export interface StoreFactory {
  /** Fresh, empty store plus a way to register recording rows. */
  create(): Promise<{ store: RecomputeStore<FakeKey>; register: (artefact: StoredArtefact<FakeKey>) => Promise<void> }>;
  /** Releases resources after all tests. */
  close?(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * The engine's life-cycle tests, run against any store backend (in memory, SQLite, MariaDB).
 */
export function engineLifecycleSuite(backend: string, factory: StoreFactory): void {
  describe(`RecomputeEngine life cycle (${backend})`, () => {
    const worlds: string[] = [];
    afterAll(async () => {
      for (const dir of worlds) rmSync(dir, { recursive: true, force: true });
      await factory.close?.();
    });

    async function world(names: string[], options: Partial<FakeWorldOptions> & { behaviours?: Record<string, FakeBehaviour> } = {}) {
      const { store, register } = await factory.create();
      const behaviours = options.behaviours ?? {};
      const made = await createFakeWorld({
        names,
        store,
        register,
        behaviour: (name) => behaviours[name] ?? 'match',
        ...options,
      });
      worlds.push(made.base);
      return made;
    }

    it('walks versions → attempt → populate through match, mismatch, error, timeout, xfail', async () => {
      const w = await world(['aa1', 'aa2', 'bb1', 'bb2', 'cc1'], {
        behaviours: { aa2: 'mismatch', bb1: 'throw', bb2: 'hang', cc1: 'xfail' },
      });
      const versions = await w.engine.populateVersions();
      expect(versions.inserted).toHaveLength(5);
      expect((await w.engine.populateVersions()).alreadyPresent).toBe(5);
      const attempt = await w.engine.attempt();
      expect(attempt.inserted).toHaveLength(5);
      expect(attempt.inserted.find((row) => row.recording.name === 'cc1')?.xfailReason).toBe('known_bad_fixture');
      expect((await w.engine.status()).pending).toBe(4);

      const run = await w.engine.populate({}, { timeoutMs: 300 });
      expect(run.counts).toMatchObject({ matched: 1, mismatched: 1, error: 2, xfail: 1 });
      const errors = Object.fromEntries(run.outcomes.filter((o) => o.errMsg).map((o) => [o.attempt.recording.name, o.errMsg]));
      expect(errors.bb1).toContain('fake regeneration of bb1 failed');
      expect(errors.bb2).toContain('did not finish within 300 ms');
      expect(errors.cc1).toBe('xfail: known_bad_fixture');

      const rows = await w.store.listRecomputes({});
      const aa1 = rows.find((row) => row.recording.name === 'aa1');
      expect(aa1).toMatchObject({ matched: true, deleted: false, errMsg: null });
      // created_at comes from the original's mtime
      const mtime = statSync(w.artefacts[0]!.path).mtime;
      expect(Math.abs((aa1?.createdAt?.getTime() ?? 0) - mtime.getTime())).toBeLessThan(1000);
      // the regenerated copy of a match is removed, the mismatch's is kept for inspection
      expect(existsSync(w.engine.temporaryPath(w.artefacts[0]!))).toBe(false);
      expect(existsSync(w.engine.temporaryPath(w.artefacts[1]!))).toBe(true);
      // no half-written temp copies of failed attempts
      expect(existsSync(w.engine.temporaryPath(w.artefacts[2]!))).toBe(false);

      const [diff] = await w.engine.diff({ recording: { name: 'aa2' } });
      expect(diff!.row.matched).toBe(false);
      expect(diff!.names).toEqual([{ name: 'extra', missingFrom: 'old' }]);
      expect(diff!.hashes.map((h) => h.name).sort()).toEqual(['extra', 'obj1']);
      const obj1 = diff!.hashes.find((h) => h.name === 'obj1')!;
      expect(obj1.maxAbsDiff).toBeCloseTo(0.5, 6);
      expect(obj1.maxRelDiff).toBeGreaterThan(0);
      expect(obj1.oldHash).not.toBe(obj1.newHash);
      expect(obj1.algorithm).toBe('fake-md5');

      const status = await w.engine.status();
      expect(status).toMatchObject({ pending: 0, matched: 1, mismatched: 1, error: 2, xfail: 1, deleted: 0, total: 5 });
      expect(status.bytesReclaimable).toBeGreaterThan(0);
      expect(status.bytesTemporary).toBeGreaterThan(0);
    });

    it('never matches or deletes a recording whose stored hash is missing or not what regeneration reproduces', async () => {
      const w = await world(['aa1', 'aa2', 'aa3'], {
        storedHash: (name, actual) => (name === 'aa1' ? null : name === 'aa2' ? 'f'.repeat(32) : actual),
      });
      await w.engine.populateVersions();
      await w.engine.attempt();
      const run = await w.engine.populate();
      const byName = Object.fromEntries(run.outcomes.map((o) => [o.attempt.recording.name, o]));
      expect(byName.aa1).toMatchObject({ outcome: 'error', errMsg: expect.stringContaining('no stored hash') });
      expect(byName.aa2).toMatchObject({ outcome: 'error', errMsg: expect.stringContaining('not the stored hash') });
      expect(byName.aa3).toMatchObject({ outcome: 'matched' });
      const deleted = await w.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
      expect(deleted.entries.map((e) => e.recording.name)).toEqual(['aa3']);
      expect(existsSync(w.artefacts[0]!.path)).toBe(true);
      expect(existsSync(w.artefacts[1]!.path)).toBe(true);
    });

    it('refuses to flag deletions when every original is already missing (an unmounted root?)', async () => {
      const w = await world(['aa1', 'aa2', 'aa3']);
      await w.engine.populateVersions();
      await w.engine.attempt();
      await w.engine.populate();
      for (const artefact of w.artefacts) rmSync(artefact.path, { recursive: true, force: true });
      await expect(w.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 })).rejects.toMatchObject({
        code: 'ORIGINALS_ALL_MISSING',
        exitCode: 2,
      });
      expect((await w.engine.status()).deleted).toBe(0);
      const forced = await w.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, allowLargeDeletion: true });
      expect(forced.entries.every((e) => e.alreadyMissing)).toBe(true);
      expect((await w.engine.status()).deleted).toBe(3);
    });

    it('recheck turns a fixed mismatch into a match and replaces its part rows', async () => {
      const behaviours: Record<string, FakeBehaviour> = { aa1: 'mismatch' };
      const w = await world(['aa1'], { behaviours });
      await w.engine.populateVersions();
      await w.engine.attempt();
      expect((await w.engine.populate()).counts.mismatched).toBe(1);
      expect((await w.engine.populate()).outcomes).toHaveLength(0); // done rows are not redone
      behaviours.aa1 = 'match';
      // The generator was fixed: regenerate instead of re-hashing the kept copy.
      expect((await w.engine.recheck({}, { regenerate: true })).counts.matched).toBe(1);
      const [diff] = await w.engine.diff({ recording: { name: 'aa1' } });
      expect(diff!.row.matched).toBe(true);
      expect(diff!.hashes).toEqual([]);
      expect(diff!.names).toEqual([]);
    });

    it('gates on the environment unless forced, skips matched recordings, samples with --limit', async () => {
      const w = await world(['aa1', 'aa2', 'aa3', 'aa4'], { environment: fakeEnvironment('2.0.0'), random: () => 0.3 });
      await w.engine.populateVersions();
      const gated = await w.engine.attempt();
      expect(gated.inserted).toHaveLength(0);
      expect(gated.skippedEnvironment).toHaveLength(4);
      expect(gated.skippedEnvironment[0]!.reason).toContain('1.0.0');
      const limited = await w.engine.attempt({}, { force: true, limit: 2 });
      expect(limited.inserted).toHaveLength(2);
      expect(limited.notChosen).toBe(2);
      await w.engine.populate();
      const again = await w.engine.attempt({}, { force: true });
      expect(again.skippedMatched).toHaveLength(2);
      expect(again.inserted).toHaveLength(2);
    });

    it('logs creation-time rows as matched without regenerating, but not in an editable environment', async () => {
      const w = await world(['aa1']);
      expect((await w.engine.logCreation({ name: 'aa1' }))?.loggedAtCreation).toBe(true);
      expect((await w.engine.populate()).counts.logged).toBe(1);
      expect(w.pipeline.regenerations).toBe(0);
      const editable = await world(['bb1'], { environment: fakeEnvironment('1.0.0', true) });
      expect((await editable.engine.logCreation({ name: 'bb1' }))?.loggedAtCreation).toBe(false);
    });

    it('remove_matched drops redundant selections of other environments; a higher precision match supersedes', async () => {
      const w = await world(['aa1']);
      await w.engine.populateVersions();
      await w.engine.attempt({}, { params: { rounding: 4 } });
      await w.engine.populate();
      // a second environment plans an attempt for the same file
      const store = w.store;
      await store.insertSelections([
        { recording: { name: 'aa1' }, envId: 'other_env_00', params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
      ]);
      expect(await w.engine.removeMatched()).toHaveLength(1); // dry run
      expect(await store.listSelections({ envId: 'other_env_00' })).toHaveLength(1);
      expect(await w.engine.removeMatched({}, { dryRun: false })).toHaveLength(1);
      expect(await store.listSelections({ envId: 'other_env_00' })).toHaveLength(0);
      // a lower-precision attempt after a higher-precision match is redundant
      await store.insertSelections([
        { recording: { name: 'aa1' }, envId: 'tester_default_00', params: { rounding: 2 }, loggedAtCreation: false, xfailReason: null },
      ]);
      expect((await w.engine.populate()).counts.superseded).toBe(1);
      expect(await store.listSelections({})).toHaveLength(1);
    });

    it('delete_files: dry run by default, grace period, --yes, flag before unlink, already deleted, threshold', async () => {
      let now = new Date();
      const w = await world(['aa1', 'aa2', 'aa3', 'bb1'], { behaviours: { bb1: 'mismatch' }, now: () => now });
      for (const artefact of w.artefacts) {
        const old = new Date(Date.now() - 30 * DAY);
        utimesSync(artefact.path, old, old);
      }
      // aa3 is recent: kept by the grace period
      const recent = new Date(Date.now() - 2 * DAY);
      utimesSync(w.artefacts[2]!.path, recent, recent);
      await w.engine.populateVersions();
      await w.engine.attempt();
      await w.engine.populate();

      const dry = await w.engine.deleteFiles();
      expect(dry.dryRun).toBe(true);
      expect(dry.entries.map((e) => e.recording.name).sort()).toEqual(['aa1', 'aa2']);
      expect(dry.tooRecent).toBe(1);
      expect(dry.bytes).toBeGreaterThan(0);
      for (const artefact of w.artefacts) expect(existsSync(artefact.path)).toBe(true);

      await expect(w.engine.deleteFiles({}, { dryRun: false })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
      await expect(w.engine.deleteFiles({}, { dryRun: false, yes: true, maxFiles: 1 })).rejects.toMatchObject({
        code: 'DELETION_TOO_LARGE',
      });
      for (const artefact of w.artefacts) expect(existsSync(artefact.path)).toBe(true);
      expect((await w.engine.deleteFiles({}, { maxFiles: 1 })).exceedsThreshold).toBe(true);

      const real = await w.engine.deleteFiles({}, { dryRun: false, yes: true, maxFiles: 1, allowLargeDeletion: true });
      expect(real.entries).toHaveLength(2);
      expect(existsSync(w.artefacts[0]!.path)).toBe(false);
      expect(existsSync(w.artefacts[1]!.path)).toBe(false);
      expect(existsSync(w.artefacts[2]!.path)).toBe(true);
      expect(existsSync(w.artefacts[3]!.path)).toBe(true); // mismatched: never deleted
      expect(readdirSync(path.dirname(w.artefacts[0]!.path)).filter((f) => f.includes('.deleting-'))).toEqual([]);
      const rows = await w.store.listRecomputes({});
      expect(
        rows
          .filter((r) => r.deleted)
          .map((r) => r.recording.name)
          .sort(),
      ).toEqual(['aa1', 'aa2']);
      expect((await w.engine.status()).deleted).toBe(2);

      await expect(w.engine.deleteFiles({ name: 'aa1' }, { dryRun: false, yes: true })).rejects.toMatchObject({ code: 'ALREADY_DELETED' });
      // after the grace period, --older-than 0 takes the recent one too
      now = new Date(Date.now() + 10 * DAY);
      expect((await w.engine.deleteFiles({})).entries.map((e) => e.recording.name)).toEqual(['aa3']);
      expect((await w.engine.deleteFiles({ name: 'aa3' }, { olderThanDays: 0 })).entries).toHaveLength(1);
    });

    it('bad input: restriction matching nothing, missing data root → typed errors and nothing deleted', async () => {
      const w = await world(['aa1']);
      old(w.artefacts[0]!.path);
      await w.engine.populateVersions();
      await w.engine.attempt();
      await w.engine.populate();
      await expect(w.engine.deleteFiles({ name: 'zz9' }, { dryRun: false, yes: true })).rejects.toMatchObject({
        code: 'RESTRICTION_MATCHES_NOTHING',
        exitCode: 2,
      });
      await expect(w.engine.status({ name: 'zz9' })).rejects.toMatchObject({ code: 'RESTRICTION_MATCHES_NOTHING' });
      rmSync(w.tempDir, { recursive: true, force: true });
      await expect(w.engine.deleteFiles({}, { dryRun: false, yes: true })).rejects.toMatchObject({ code: 'DATA_ROOT_UNAVAILABLE' });
      writeFileSync(w.tempDir, 'not a directory');
      await expect(w.engine.deleteFiles({}, { dryRun: false, yes: true })).rejects.toMatchObject({ code: 'DATA_ROOT_UNAVAILABLE' });
      expect(existsSync(w.artefacts[0]!.path)).toBe(true);
      expect((await w.store.listRecomputes({}))[0]!.deleted).toBe(false);
      rmSync(w.tempDir);
      mkdirSync(w.tempDir);
    });

    it('a file regenerated on demand counts as present again (deleted flag cleared, reclaimable again)', async () => {
      const w = await world(['aa1']);
      await w.engine.populateVersions();
      await w.engine.attempt();
      await w.engine.populate();
      await w.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
      expect(await w.engine.status()).toMatchObject({ matched: 0, deleted: 1, bytesReclaimable: 0 });
      expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
      const status = await w.engine.status();
      expect(status).toMatchObject({ matched: 1, deleted: 0 });
      expect(status.bytesReclaimable).toBeGreaterThan(0);
    });

    it('ensureArtefact: present → untouched; missing → regenerated once for 8 callers; mismatch → deleted + exit 4', async () => {
      const behaviours: Record<string, FakeBehaviour> = {};
      const w = await world(['aa1', 'aa2', 'aa3'], { behaviours, kind: 'folder', chunkDelayMs: 5 });
      expect(await w.engine.ensureArtefact({ name: 'aa1' })).toEqual({
        path: w.artefacts[0]!.path,
        regenerated: false,
        hash: w.artefacts[0]!.hash,
      });
      rmSync(w.artefacts[0]!.path, { recursive: true });
      const results = await Promise.all(Array.from({ length: 8 }, () => w.engine.ensureArtefact({ name: 'aa1' })));
      expect(w.pipeline.regenerations).toBe(1);
      expect(results.filter((r) => r.regenerated)).toHaveLength(8);
      expect((await w.pipeline.hash(w.artefacts[0]!.path)).hash).toBe(w.artefacts[0]!.hash);

      behaviours.aa2 = 'mismatch';
      rmSync(w.artefacts[1]!.path, { recursive: true });
      const failure = await w.engine.ensureArtefact({ name: 'aa2' }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'REGENERATED_HASH_MISMATCH', exitCode: 4 });
      expect((failure as { details: Record<string, unknown> }).details).toMatchObject({
        expected: w.artefacts[1]!.hash,
        envId: 'tester_default_00',
        key: { name: 'aa2' },
      });
      expect((failure as { details: { actual: string } }).details.actual).toMatch(/^[0-9a-f]{32}$/);
      expect(existsSync(w.artefacts[1]!.path)).toBe(false);
      expect(readdirSync(path.dirname(w.artefacts[1]!.path)).filter((f) => f.startsWith('.'))).toEqual([]);

      behaviours.aa3 = 'throw';
      rmSync(w.artefacts[2]!.path, { recursive: true });
      await expect(w.engine.ensureArtefact({ name: 'aa3' })).rejects.toMatchObject({ code: 'REGENERATION_FAILED', exitCode: 1 });
      await expect(w.engine.ensureArtefact({ name: 'nope' })).rejects.toMatchObject({ code: 'RECORDING_NOT_FOUND', exitCode: 2 });
    });
  });
}

function old(file: string): void {
  const when = new Date(Date.now() - 30 * DAY);
  utimesSync(file, when, when);
}
