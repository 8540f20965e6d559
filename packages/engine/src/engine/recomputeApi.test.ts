import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { createTestDatabase, testBackends, type TestDatabase } from '@spyglass-recompute/schema';
import { MikroOrmRecomputeStore } from './MikroOrmRecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import type { RecomputeStore } from './RecomputeStore';
import { createFakeWorld, type FakeWorldOptions } from './test-support/createFakeWorld';
import { clearFakeTables, fakeV1Descriptors, registerFakeRecording, seedFakeParents } from './test-support/fakeV1Tables';
import type { FakeBehaviour, FakeKey } from './test-support/FakePipeline';

/*
 * The rest of Spyglass's recompute API (issue 18) on the engine, against the real tables of every
 * backend: xfail overrides, remove_matched, deleting attempts, attempt filters, run --limit,
 * recheck re-hashing the kept copy, versions on demand and update_secondary. Each test checks
 * the rows and the files before and after.
 */
const OTHER_ENV = 'other_env_00';
const ENV = 'tester_default_00';

for (const backend of testBackends()) {
  describe(`recompute API on ${backend}`, () => {
    let db: TestDatabase;
    const bases: string[] = [];
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      await seedFakeParents(db.orm.em, [ENV, OTHER_ENV]);
    });
    afterAll(async () => {
      for (const base of bases) rmSync(base, { recursive: true, force: true });
      await db?.drop();
    });

    async function world(names: string[], options: Partial<FakeWorldOptions> & { behaviours?: Record<string, FakeBehaviour> } = {}) {
      await clearFakeTables(db.orm.em);
      const located = new Map<string, StoredArtefact<FakeKey>>();
      const store: RecomputeStore<FakeKey> = new MikroOrmRecomputeStore<FakeKey>(
        db.orm.em,
        fakeV1Descriptors((name) => located.get(name)!),
      );
      const behaviours = options.behaviours ?? {};
      const made = await createFakeWorld({
        names,
        store,
        register: async (artefact) => {
          located.set(artefact.key.name, artefact);
          await registerFakeRecording(db.orm.em, artefact);
        },
        behaviour: (name) => behaviours[name] ?? 'match',
        ...options,
      });
      bases.push(made.base);
      return { ...made, behaviours };
    }
    const names = (rows: Array<{ recording: FakeKey }>) => rows.map((row) => row.recording.name).sort();

    it('attempt makes missing versions rows itself (upstream insert → _has_key)', async () => {
      const w = await world(['aa1', 'aa2']);
      expect(await w.store.getVersions(w.artefacts.map((a) => a.key))).toEqual(new Map());
      const attempted = await w.engine.attempt();
      expect(names(attempted.versionsInserted.map((recording) => ({ recording })))).toEqual(['aa1', 'aa2']);
      expect(attempted.skippedNoVersions).toEqual([]);
      expect(names(attempted.inserted)).toEqual(['aa1', 'aa2']);
      expect([...(await w.store.getVersions(w.artefacts.map((a) => a.key))).values()]).toEqual([
        { 'fake-generator': '1.0.0' },
        { 'fake-generator': '1.0.0' },
      ]);
      // A recording whose versions cannot be read (its file is gone) is still skipped, and reported.
      const w2 = await world(['bb1']);
      rmSync(w2.artefacts[0]!.path);
      const skipped = await w2.engine.attempt();
      expect(skipped.versionsInserted).toEqual([]);
      expect(skipped.skippedNoVersions).toEqual([{ name: 'bb1' }]);
      expect(await w2.store.listSelections({})).toEqual([]);
    });

    it('attempt --skip-xfail: bypasses all or named reasons, re-selects held-back rows; unknown reasons are typed errors', async () => {
      const w = await world(['aa1', 'cc1'], { behaviours: { cc1: 'xfail' } });
      await w.engine.attempt();
      expect((await w.engine.populate()).counts).toMatchObject({ matched: 1, xfail: 1 });
      expect(await w.engine.status()).toMatchObject({ xfail: 1, xfailReasons: { known_bad_fixture: 1 } });
      const before = await w.store.listRecomputes({ recordings: [{ name: 'cc1' }] });
      expect(before).toEqual([expect.objectContaining({ matched: false, errMsg: 'xfail: known_bad_fixture' })]);

      await expect(w.engine.attempt({}, { skipXfail: ['padlen'] })).rejects.toMatchObject({ code: 'XFAIL_REASON_UNKNOWN', exitCode: 2 });
      expect(await w.store.listSelections({ recordings: [{ name: 'cc1' }] })).toEqual([
        expect.objectContaining({ xfailReason: 'known_bad_fixture' }),
      ]);

      const overridden = await w.engine.attempt({}, { skipXfail: ['known_bad_fixture'] });
      expect(overridden.xfailOverridden).toEqual([{ key: { name: 'cc1' }, reason: 'known_bad_fixture' }]);
      expect(overridden.skippedMatched).toEqual([{ name: 'aa1' }]);
      expect(await w.store.listSelections({ recordings: [{ name: 'cc1' }] })).toEqual([
        expect.objectContaining({ envId: ENV, xfailReason: null }),
      ]);
      expect(await w.store.listRecomputes({ recordings: [{ name: 'cc1' }] })).toEqual([]);
      // Now it is really attempted (the fake generator fails on it, as a real xfail would).
      const run = await w.engine.populate();
      expect(run.counts).toMatchObject({ error: 1, xfail: 0 });
      expect(w.pipeline.regenerations).toBe(2);
      expect(existsSync(w.engine.temporaryPath(w.artefacts[1]!))).toBe(false);
      expect(existsSync(w.artefacts[1]!.path)).toBe(true);

      // `true` bypasses every reason on a fresh selection.
      const w2 = await world(['cc2'], { behaviours: { cc2: 'xfail' } });
      expect((await w2.engine.attempt({}, { skipXfail: true })).inserted).toEqual([expect.objectContaining({ xfailReason: null })]);
    });

    it('remove_matched: dry run lists redundant selections (env / rounding filters), a real run deletes only them', async () => {
      const w = await world(['aa1', 'aa2']);
      await w.engine.attempt({}, { params: { rounding: 6 } });
      await w.engine.attempt({}, { params: { rounding: 4 } });
      await w.store.insertSelections([
        { recording: { name: 'aa1' }, envId: OTHER_ENV, params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
      ]);
      // Only the rounding-6 attempts run (a limit of 1 each call would also do; here a selector).
      const run = await w.engine.populate({}, { attempts: { params: { rounding: 6 } } });
      expect(run.counts.matched).toBe(2);
      expect(await w.store.listSelections({})).toHaveLength(5);

      const dry = await w.engine.removeMatched({}, {});
      expect(dry.map((a) => `${a.recording.name}/${a.envId}/${a.params.rounding}`).sort()).toEqual([
        `aa1/${OTHER_ENV}/4`,
        `aa1/${ENV}/4`,
        `aa2/${ENV}/4`,
      ]);
      expect(await w.store.listSelections({})).toHaveLength(5);
      const narrowed = await w.engine.removeMatched({}, { attempts: { envId: OTHER_ENV } });
      expect(narrowed.map((a) => a.envId)).toEqual([OTHER_ENV]);

      const removed = await w.engine.removeMatched({ group: 'aa' }, { dryRun: false, attempts: { envId: ENV, params: { rounding: 4 } } });
      expect(removed).toHaveLength(2);
      const left = await w.store.listSelections({});
      expect(left.map((a) => `${a.recording.name}/${a.envId}/${a.params.rounding}`).sort()).toEqual([
        `aa1/${OTHER_ENV}/4`,
        `aa1/${ENV}/6`,
        `aa2/${ENV}/6`,
      ]);
      expect((await w.store.listRecomputes({})).every((row) => row.matched)).toBe(true);
      expect(w.artefacts.every((a) => existsSync(a.path))).toBe(true);
    });

    it('attempts delete: rows and kept copies under the temp root, never an original; a deleted original keeps its row', async () => {
      const w = await world(['aa1', 'aa2', 'aa3'], { behaviours: { aa2: 'mismatch' }, now: () => new Date(Date.now() + 30 * 86_400_000) });
      await w.engine.attempt();
      await w.engine.populate();
      const kept = w.engine.temporaryPath(w.artefacts[1]!);
      expect(existsSync(kept)).toBe(true);

      const dry = await w.engine.deleteAttempts({}, { attempts: { result: 'mismatched' } });
      expect(dry).toMatchObject({ dryRun: true, bytes: statSync(kept).size, keptDeletedOriginals: 0 });
      expect(dry.entries).toEqual([expect.objectContaining({ recording: { name: 'aa2' }, state: 'mismatched', temporaryPath: kept })]);
      await expect(w.engine.deleteAttempts({}, { attempts: { result: 'mismatched' }, dryRun: false })).rejects.toMatchObject({
        code: 'CONFIRMATION_REQUIRED',
        exitCode: 2,
      });
      expect(existsSync(kept)).toBe(true);

      const real = await w.engine.deleteAttempts({}, { attempts: { result: 'mismatched' }, dryRun: false, yes: true });
      expect(real.entries).toHaveLength(1);
      expect(existsSync(kept)).toBe(false);
      expect(w.artefacts.every((a) => existsSync(a.path))).toBe(true);
      expect(names(await w.store.listSelections({}))).toEqual(['aa1', 'aa3']);
      expect(names(await w.store.listRecomputes({}))).toEqual(['aa1', 'aa3']);
      expect((await w.engine.diff({ recording: { name: 'aa1' } }))[0]!.row.matched).toBe(true);

      // aa1's original is deleted after its match: that row stays as the record of the deletion.
      await w.engine.deleteFiles({ name: 'aa1' }, { dryRun: false, yes: true });
      const all = await w.engine.deleteAttempts({}, { dryRun: false, yes: true });
      expect(all).toMatchObject({
        keptDeletedOriginals: 1,
        entries: [expect.objectContaining({ recording: { name: 'aa3' }, state: 'matched', temporaryPath: null })],
      });
      expect(names(await w.store.listRecomputes({}))).toEqual(['aa1']);
      expect(existsSync(w.artefacts[2]!.path)).toBe(true);
    });

    it('filters: status / delete-files / attempt narrowed by env, rounding and result; run --limit samples; run --env-id elsewhere is refused', async () => {
      const w = await world(['aa1', 'aa2', 'aa3', 'aa4'], {
        behaviours: { aa2: 'mismatch' },
        random: () => 0.99,
        now: () => new Date(Date.now() + 30 * 86_400_000),
      });
      await w.engine.attempt({}, { params: { rounding: 6 } });
      await expect(w.engine.populate({}, { attempts: { envId: OTHER_ENV } })).rejects.toMatchObject({
        code: 'ENV_NOT_CURRENT',
        exitCode: 2,
      });
      const limited = await w.engine.populate({}, { limit: 2 });
      expect(limited.outcomes).toHaveLength(2);
      expect((await w.store.listRecomputes({})).length).toBe(2);
      await w.engine.populate();
      await w.store.insertSelections([
        { recording: { name: 'aa3' }, envId: OTHER_ENV, params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
      ]);

      expect(await w.engine.status()).toMatchObject({ total: 5, matched: 3, mismatched: 1, pending: 1 });
      expect(await w.engine.status({}, { attempts: { envId: OTHER_ENV } })).toMatchObject({ total: 1, pending: 1, matched: 0 });
      expect(await w.engine.status({}, { attempts: { params: { rounding: 6 } } })).toMatchObject({ total: 4, matched: 3, mismatched: 1 });
      expect(await w.engine.status({}, { attempts: { result: 'mismatched' } })).toMatchObject({ total: 1, mismatched: 1 });
      expect(await w.engine.status({}, { attempts: { result: 'matched', params: { rounding: 4 } } })).toMatchObject({ total: 0 });

      // attempt: only recordings with a selected attempt (here: the one that mismatched) — skipped as existing.
      const attempted = await w.engine.attempt({}, { params: { rounding: 6 }, attempts: { result: 'mismatched' } });
      expect(attempted.skippedExisting).toEqual([{ name: 'aa2' }]);
      expect(attempted.skippedMatched).toEqual([]);

      // delete-files: --mismatched selects no deletable file; --env-id of the other env: aa3 only.
      expect((await w.engine.deleteFiles({}, { attempts: { result: 'mismatched' }, olderThanDays: 0 })).entries).toEqual([]);
      const one = await w.engine.deleteFiles({}, { attempts: { envId: OTHER_ENV }, olderThanDays: 0, dryRun: false, yes: true });
      expect(one.entries.map((e) => e.recording)).toEqual([{ name: 'aa3' }]);
      expect(existsSync(w.artefacts[2]!.path)).toBe(false);
      expect(existsSync(w.artefacts[0]!.path)).toBe(true);
      expect(await w.engine.status({}, { attempts: { result: 'matched' } })).toMatchObject({ matched: 2, deleted: 1 });
    });

    it('run --recheck re-hashes the kept copy of a mismatch, regenerates only when it is gone (or with regenerate)', async () => {
      const w = await world(['aa1'], { behaviours: { aa1: 'mismatch' } });
      await w.engine.attempt();
      expect((await w.engine.populate()).counts.mismatched).toBe(1);
      expect(w.pipeline.regenerations).toBe(1);
      const kept = w.engine.temporaryPath(w.artefacts[0]!);

      const rehashed = await w.engine.populate({}, { recheck: true });
      expect(rehashed.outcomes).toEqual([expect.objectContaining({ outcome: 'mismatched', reusedCopy: true })]);
      expect(w.pipeline.regenerations).toBe(1);
      expect(existsSync(kept)).toBe(true);

      // The kept copy now equals the original (as when a hasher fix makes them agree): a match, copy removed.
      copyFileSync(w.artefacts[0]!.path, kept);
      const matched = await w.engine.populate({}, { recheck: true });
      expect(matched.outcomes).toEqual([expect.objectContaining({ outcome: 'matched', reusedCopy: true })]);
      expect(w.pipeline.regenerations).toBe(1);
      expect(existsSync(kept)).toBe(false);
      expect(await w.store.listRecomputes({})).toEqual([expect.objectContaining({ matched: true, errMsg: null })]);

      // No copy: a recheck regenerates.
      const w2 = await world(['bb1'], { behaviours: { bb1: 'mismatch' } });
      await w2.engine.attempt();
      await w2.engine.populate();
      rmSync(w2.engine.temporaryPath(w2.artefacts[0]!));
      const regenerated = await w2.engine.populate({}, { recheck: true });
      expect(regenerated.outcomes).toEqual([expect.not.objectContaining({ reusedCopy: true })]);
      expect(w2.pipeline.regenerations).toBe(2);
      await w2.engine.populate({}, { recheck: true, regenerate: true });
      expect(w2.pipeline.regenerations).toBe(3);
    });

    it("update_secondary: created_at from the original's mtime, deleted from whether it exists; a second run changes nothing", async () => {
      const w = await world(['aa1', 'aa2']);
      await w.engine.attempt();
      await w.engine.populate();
      const [a1, a2] = w.artefacts as [StoredArtefact<FakeKey>, StoredArtefact<FakeKey>];
      const rowOf = async (name: string) => (await w.store.listRecomputes({ recordings: [{ name }] }))[0]!;
      await w.store.updateRecompute(await rowOf('aa1'), { createdAt: null, deleted: true });
      rmSync(a2.path);

      const result = await w.engine.updateSecondary();
      expect(result.checked).toBe(2);
      result.changed.sort((a, b) => a.recording.name.localeCompare(b.recording.name));
      expect(result.changed).toEqual([
        expect.objectContaining({
          recording: { name: 'aa1' },
          createdAt: { from: null, to: statSync(a1.path).mtime },
          deleted: { from: true, to: false },
        }),
        expect.objectContaining({ recording: { name: 'aa2' }, deleted: { from: false, to: true } }),
      ]);
      expect(result.changed[1]!.createdAt).toBeUndefined();
      const aa1 = await rowOf('aa1');
      expect(Math.abs(aa1.createdAt!.getTime() - statSync(a1.path).mtime.getTime())).toBeLessThan(1000);
      expect(aa1.deleted).toBe(false);
      expect((await rowOf('aa2')).deleted).toBe(true);
      expect(existsSync(a1.path)).toBe(true);
      expect(await w.engine.updateSecondary()).toEqual({ checked: 2, changed: [] });
    });
  });
}
