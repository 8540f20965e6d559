import { existsSync, mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import { RecomputeEngine } from './RecomputeEngine';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import type { FakeBehaviour, FakeKey } from './test-support/FakePipeline';

// Boundaries and counters of delete-files that the life-cycle suite does not pin (issue 21,
// Stryker survivors in deleteMatchedFiles): threshold equality, the grace-period cutoff itself,
// NULL created_at backfill, the all-missing refusal below its minimum, a plan with nothing
// matched, removal of a matched recording's leftover regenerated copy, and the log lines.

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

interface Setup {
  world: FakeWorld;
  store: InMemoryRecomputeStore<FakeKey>;
  engine: RecomputeEngine<FakeKey>;
  logs: string[];
}

/** A world whose recordings are populated (matched unless told otherwise), on a fixed clock, with the engine's log captured. */
async function setup(names: string[], behaviours: Record<string, FakeBehaviour> = {}, populate = true): Promise<Setup> {
  const store = new InMemoryRecomputeStore<FakeKey>();
  const world = await createFakeWorld({
    names,
    store,
    register: async (artefact) => store.addArtefact(artefact),
    behaviour: (name) => behaviours[name] ?? 'match',
    now: () => NOW,
  });
  worlds.push(world);
  const logs: string[] = [];
  const engine = new RecomputeEngine<FakeKey>({
    pipeline: world.pipeline,
    store,
    environment: world.engine.environment,
    dataRoots: [world.recordingDir, world.tempDir],
    tempDir: world.tempDir,
    now: () => NOW,
    log: (message) => logs.push(message),
  });
  for (const artefact of world.artefacts) utimesSync(artefact.path, new Date(NOW.getTime() - 30 * DAY), new Date(NOW.getTime() - 30 * DAY));
  if (populate) {
    await engine.populateVersions();
    await engine.attempt();
    await engine.populate();
  }
  return { world, store, engine, logs };
}

async function setCreatedAt(store: InMemoryRecomputeStore<FakeKey>, name: string, createdAt: Date | null): Promise<void> {
  const row = (await store.listRecomputes({})).find((candidate) => candidate.recording.name === name);
  expect(await store.updateRecompute(row!, { createdAt })).toBe(true);
}

describe('delete-files boundaries', () => {
  it('the refusal threshold is "more than": exactly maxFiles files or maxBytes bytes pass, one fewer refuses', async () => {
    const { engine } = await setup(['aa1', 'aa2']);
    const plan = await engine.deleteFiles({}, { olderThanDays: 0 });
    expect(plan.entries).toHaveLength(2);
    expect((await engine.deleteFiles({}, { olderThanDays: 0, maxFiles: 2, maxBytes: plan.bytes })).exceedsThreshold).toBe(false);
    expect((await engine.deleteFiles({}, { olderThanDays: 0, maxFiles: 1 })).exceedsThreshold).toBe(true);
    expect((await engine.deleteFiles({}, { olderThanDays: 0, maxBytes: plan.bytes - 1 })).exceedsThreshold).toBe(true);
    await expect(engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, maxBytes: plan.bytes - 1 })).rejects.toMatchObject({
      code: 'DELETION_TOO_LARGE',
      exitCode: 2,
    });
    const real = await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0, maxFiles: 2, maxBytes: plan.bytes });
    expect(real.entries.map((entry) => entry.recording.name)).toEqual(['aa1', 'aa2']);
  });

  it('defaults: 7 days of grace, created exactly at the cutoff is old enough, a millisecond later is too recent', async () => {
    const { store, engine } = await setup(['aa1', 'aa2', 'aa3']);
    await setCreatedAt(store, 'aa1', new Date(NOW.getTime() - 7 * DAY));
    await setCreatedAt(store, 'aa2', new Date(NOW.getTime() - 7 * DAY + 1));
    await setCreatedAt(store, 'aa3', new Date(NOW.getTime() - 6 * DAY));
    const plan = await engine.deleteFiles();
    expect(plan).toMatchObject({ dryRun: true, tooRecent: 2, backfilledCreatedAt: 0, skippedNoHash: 0, exceedsThreshold: false });
    expect(plan.entries.map((entry) => [entry.recording.name, entry.createdAt.toISOString()])).toEqual([
      ['aa1', new Date(NOW.getTime() - 7 * DAY).toISOString()],
    ]);
    expect((await engine.deleteFiles({}, { olderThanDays: 6 })).entries.map((entry) => entry.recording.name)).toEqual([
      'aa1',
      'aa2',
      'aa3',
    ]);
    expect((await engine.deleteFiles({}, { olderThanDays: 6 })).tooRecent).toBe(0);
  });

  it('backfills a NULL created_at from the file mtime (or now when the file is gone), writing it only on a real run', async () => {
    const { world, store, engine } = await setup(['aa1', 'aa2', 'aa3']);
    const recent = new Date(NOW.getTime() - 2 * DAY);
    utimesSync(world.artefacts[1]!.path, recent, recent);
    rmSync(world.artefacts[2]!.path);
    for (const name of ['aa1', 'aa2', 'aa3']) await setCreatedAt(store, name, null);

    const plan = await engine.deleteFiles();
    expect(plan).toMatchObject({ backfilledCreatedAt: 3, tooRecent: 2 });
    expect(plan.entries.map((entry) => entry.recording.name)).toEqual(['aa1']);
    expect(plan.entries[0]!.createdAt.getTime()).toBe(statSync(world.artefacts[0]!.path).mtime.getTime());
    expect((await store.listRecomputes({})).map((row) => row.createdAt)).toEqual([null, null, null]);

    const real = await engine.deleteFiles({}, { dryRun: false, yes: true });
    expect(real).toMatchObject({ backfilledCreatedAt: 3, tooRecent: 2 });
    const createdAt = Object.fromEntries((await store.listRecomputes({})).map((row) => [row.recording.name, row.createdAt?.getTime()]));
    expect(createdAt).toEqual({ aa1: NOW.getTime() - 30 * DAY, aa2: recent.getTime(), aa3: NOW.getTime() });
    // Backfilled once: a rerun has nothing left to backfill.
    expect((await engine.deleteFiles()).backfilledCreatedAt).toBe(0);
  });

  it('two missing originals are flagged without --allow-large-deletion (the all-missing refusal starts at three)', async () => {
    const { world, store, engine } = await setup(['aa1', 'aa2']);
    for (const artefact of world.artefacts) rmSync(artefact.path);
    const result = await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(result.entries.map((entry) => [entry.recording.name, entry.alreadyMissing, entry.bytes])).toEqual([
      ['aa1', true, 0],
      ['aa2', true, 0],
    ]);
    expect(result.bytes).toBe(0);
    expect((await store.listRecomputes({})).every((row) => row.deleted)).toBe(true);
  });

  it('one missing among present originals is not refused and is reported as already missing', async () => {
    const { world, engine } = await setup(['aa1', 'aa2', 'aa3']);
    rmSync(world.artefacts[0]!.path);
    const result = await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(result.entries.map((entry) => [entry.recording.name, entry.alreadyMissing])).toEqual([
      ['aa1', true],
      ['aa2', false],
      ['aa3', false],
    ]);
    expect(result.entries[0]!.bytes).toBe(0);
    expect(result.entries[1]!.bytes).toBe(statSync(world.artefacts[1]!.path, { throwIfNoEntry: false })?.size ?? result.entries[1]!.bytes);
  });

  it('nothing matched: an empty plan (not ALREADY_DELETED), and no data-root check when there is nothing to delete', async () => {
    const { world, engine } = await setup(['aa1', 'aa2'], { aa1: 'mismatch', aa2: 'mismatch' });
    rmSync(world.tempDir, { recursive: true, force: true });
    const result = await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(result).toMatchObject({ entries: [], bytes: 0, tooRecent: 0, exceedsThreshold: false });
    // Nothing to delete needs no confirmation either.
    expect(await engine.deleteFiles({}, { dryRun: false, olderThanDays: 0 })).toMatchObject({ dryRun: false, entries: [] });
    mkdirSync(world.tempDir);
    const unpopulated = await setup(['bb1'], {}, false);
    expect((await unpopulated.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 })).entries).toEqual([]);
  });

  it('removes a leftover regenerated copy of a matched recording with it, and logs each deletion', async () => {
    const { world, engine, logs } = await setup(['aa1']);
    logs.length = 0; // populate's lines
    const copy = engine.temporaryPath(world.artefacts[0]!);
    mkdirSync(path.dirname(copy), { recursive: true });
    writeFileSync(copy, 'a copy left behind');
    const plan = await engine.deleteFiles({}, { olderThanDays: 0 });
    expect(plan.entries[0]!.temporaryPaths).toEqual([copy]);
    expect(logs).toEqual([]);
    await engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect(existsSync(copy)).toBe(false);
    expect(existsSync(world.artefacts[0]!.path)).toBe(false);
    expect(logs).toEqual([`deleted ${world.artefacts[0]!.path} (${plan.entries[0]!.bytes} bytes)`]);
  });
});
