import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import { RecomputeEngine } from './RecomputeEngine';
import type { AttemptKey } from './RecomputeStore';
import type { StoredArtefact } from './RecomputePipeline';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import type { FakeBehaviour, FakeKey } from './test-support/FakePipeline';

// Rules of delete-files and recheck whose breakage left every other test green (issue 21): the
// order of flag and unlink, the guard for a matched row whose stored hash is NULL, and which
// attempts a recheck redoes. The engine decides these, so one store backend suffices here.

/** An in-memory store that records, for every `deleted: true` it commits, whether the original was still on disk. */
class FlagOrderStore extends InMemoryRecomputeStore<FakeKey> {
  readonly flagged: Array<{ name: string; fileExisted: boolean }> = [];
  readonly paths = new Map<string, string>();

  override addArtefact(artefact: StoredArtefact<FakeKey>): void {
    this.paths.set(artefact.key.name, artefact.path);
    super.addArtefact(artefact);
  }

  override async updateRecompute(key: AttemptKey<FakeKey>, patch: { deleted?: boolean; createdAt?: Date | null }): Promise<boolean> {
    if (patch.deleted === true)
      this.flagged.push({ name: key.recording.name, fileExisted: existsSync(this.paths.get(key.recording.name) as string) });
    return super.updateRecompute(key, patch);
  }
}

const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

async function matchedWorld(
  names: string[],
  store: InMemoryRecomputeStore<FakeKey>,
  behaviours: Record<string, FakeBehaviour> = {},
): Promise<FakeWorld> {
  const world = await createFakeWorld({
    names,
    store,
    register: async (artefact) => store.addArtefact(artefact),
    behaviour: (name) => behaviours[name] ?? 'match',
  });
  worlds.push(world);
  await world.engine.populateVersions();
  await world.engine.attempt();
  await world.engine.populate();
  return world;
}

describe('delete-files commits the deleted flag before it removes the file', () => {
  it('writes every flag while its original still exists at the official path, and removes the file afterwards', async () => {
    const store = new FlagOrderStore();
    const world = await matchedWorld(['aa1', 'aa2', 'bb1'], store);
    const result = await world.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(result.entries.map((entry) => entry.recording.name)).toEqual(['aa1', 'aa2', 'bb1']);
    expect(store.flagged).toEqual([
      { name: 'aa1', fileExisted: true },
      { name: 'aa2', fileExisted: true },
      { name: 'bb1', fileExisted: true },
    ]);
    for (const artefact of world.artefacts) expect(existsSync(artefact.path)).toBe(false);
  });

  it('the flag is already committed when a deletion is stopped at its first crash point (file still there)', async () => {
    const store = new FlagOrderStore();
    const world = await matchedWorld(['aa1'], store);
    const seen: Array<{ point: string; deleted: boolean; fileExists: boolean }> = [];
    const crash = new Error('simulated kill');
    const engine = new RecomputeEngine<FakeKey>({
      pipeline: world.pipeline,
      store,
      environment: world.engine.environment,
      dataRoots: [world.recordingDir, world.tempDir],
      tempDir: world.tempDir,
      crashPoint: async (point) => {
        const [row] = await store.listRecomputes({});
        seen.push({ point, deleted: row!.deleted, fileExists: existsSync(world.artefacts[0]!.path) });
        throw crash;
      },
    });
    await expect(engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 })).rejects.toBe(crash);
    expect(seen).toEqual([{ point: 'delete:flagged', deleted: true, fileExists: true }]);
    // The rerun finishes it and says so.
    const logs: string[] = [];
    const rerun = new RecomputeEngine<FakeKey>({
      pipeline: world.pipeline,
      store,
      environment: world.engine.environment,
      dataRoots: [world.recordingDir, world.tempDir],
      tempDir: world.tempDir,
      log: (message) => logs.push(message),
    });
    const finished = await rerun.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(finished.entries.map((entry) => [entry.resumed, entry.alreadyMissing])).toEqual([[true, false]]);
    expect(logs).toEqual([`finished deleting ${world.artefacts[0]!.path} (${finished.entries[0]!.bytes} bytes)`]);
    expect(existsSync(world.artefacts[0]!.path)).toBe(false);
  });
});

describe('delete-files resumes a deletion stopped after the move to trash', () => {
  it('plans the trash as a resumed entry that is not "already missing" and counts its bytes', async () => {
    const store = new FlagOrderStore();
    const world = await matchedWorld(['aa1'], store);
    const crash = new Error('simulated kill');
    const stopped = new RecomputeEngine<FakeKey>({
      pipeline: world.pipeline,
      store,
      environment: world.engine.environment,
      dataRoots: [world.recordingDir, world.tempDir],
      tempDir: world.tempDir,
      isProcessAlive: () => false,
      crashPoint: (point) => {
        if (point === 'delete:moved-to-trash') throw crash;
      },
    });
    const plannedBytes = (await world.engine.deleteFiles({}, { olderThanDays: 0 })).entries[0]!.bytes;
    expect(plannedBytes).toBeGreaterThan(0);
    await expect(stopped.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 })).rejects.toBe(crash);
    expect(existsSync(world.artefacts[0]!.path)).toBe(false);
    const resume = new RecomputeEngine<FakeKey>({
      pipeline: world.pipeline,
      store,
      environment: world.engine.environment,
      dataRoots: [world.recordingDir, world.tempDir],
      tempDir: world.tempDir,
      isProcessAlive: () => false,
    });
    const plan = await resume.deleteFiles({}, { olderThanDays: 0 });
    expect(
      plan.entries.map((entry) => ({
        resumed: entry.resumed,
        alreadyMissing: entry.alreadyMissing,
        bytes: entry.bytes,
        trash: entry.trashPaths.length,
      })),
    ).toEqual([{ resumed: true, alreadyMissing: false, bytes: plannedBytes, trash: 1 }]);
    expect(plan.bytes).toBe(plannedBytes);
  });
});

describe('delete-files never deletes a matched recording whose stored hash is NULL', () => {
  it('counts it in skippedNoHash, plans and deletes only the others, and leaves its file and row alone', async () => {
    const store = new InMemoryRecomputeStore<FakeKey>();
    const world = await matchedWorld(['aa1', 'aa2', 'aa3'], store);
    // The hash column was cleared after the match (e.g. a row rewritten by an older release).
    store.addArtefact({ ...world.artefacts[1]!, hash: null });
    const plan = await world.engine.deleteFiles({}, { olderThanDays: 0 });
    expect(plan.skippedNoHash).toBe(1);
    expect(plan.entries.map((entry) => entry.recording.name)).toEqual(['aa1', 'aa3']);

    const real = await world.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(real.skippedNoHash).toBe(1);
    expect(real.entries.map((entry) => entry.recording.name)).toEqual(['aa1', 'aa3']);
    expect(existsSync(world.artefacts[1]!.path)).toBe(true);
    expect(existsSync(world.artefacts[0]!.path)).toBe(false);
    const rows = await store.listRecomputes({});
    expect(Object.fromEntries(rows.map((row) => [row.recording.name, row.deleted]))).toEqual({ aa1: true, aa2: false, aa3: true });
  });

  it('a NULL-hash recording alone plans nothing (not ALREADY_DELETED, nothing flagged)', async () => {
    const store = new InMemoryRecomputeStore<FakeKey>();
    const world = await matchedWorld(['aa1'], store);
    store.addArtefact({ ...world.artefacts[0]!, hash: null });
    const result = await world.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(result).toMatchObject({ entries: [], skippedNoHash: 1, bytes: 0 });
    expect(existsSync(world.artefacts[0]!.path)).toBe(true);
    expect((await store.listRecomputes({}))[0]!.deleted).toBe(false);
  });
});

describe('recheck redoes only the attempts that did not match', () => {
  it('leaves matched attempts alone and counts exactly the redone mismatches and errors', async () => {
    const behaviours: Record<string, FakeBehaviour> = { aa2: 'mismatch', aa3: 'throw' };
    const store = new InMemoryRecomputeStore<FakeKey>();
    const world = await matchedWorld(['aa1', 'aa2', 'aa3'], store, behaviours);
    expect((await store.listRecomputes({})).map((row) => [row.recording.name, row.matched])).toEqual([
      ['aa1', true],
      ['aa2', false],
      ['aa3', false],
    ]);
    const regenerationsBefore = world.pipeline.regenerations;
    behaviours.aa2 = 'match';
    behaviours.aa3 = 'match';
    const recheck = await world.engine.recheck({}, { regenerate: true });
    expect(recheck.outcomes.map((outcome) => [outcome.attempt.recording.name, outcome.outcome])).toEqual([
      ['aa2', 'matched'],
      ['aa3', 'matched'],
    ]);
    expect(recheck.counts).toMatchObject({ matched: 2, mismatched: 0, error: 0 });
    expect(world.pipeline.regenerations - regenerationsBefore).toBe(2);
    // A second recheck finds nothing left to redo.
    const again = await world.engine.recheck({}, { regenerate: true });
    expect(again.outcomes).toEqual([]);
    expect(Object.values(again.counts).every((count) => count === 0)).toBe(true);
  });

  it('without regenerate re-hashes the kept copy of a mismatch (reusedCopy) and still skips the match', async () => {
    const behaviours: Record<string, FakeBehaviour> = { aa2: 'mismatch' };
    const store = new InMemoryRecomputeStore<FakeKey>();
    const world = await matchedWorld(['aa1', 'aa2'], store, behaviours);
    const regenerationsBefore = world.pipeline.regenerations;
    const recheck = await world.engine.recheck();
    expect(recheck.outcomes).toEqual([
      expect.objectContaining({
        attempt: expect.objectContaining({ recording: { name: 'aa2' } }),
        outcome: 'mismatched',
        reusedCopy: true,
      }),
    ]);
    expect(recheck.counts).toMatchObject({ matched: 0, mismatched: 1 });
    expect(world.pipeline.regenerations).toBe(regenerationsBefore);
  });
});
