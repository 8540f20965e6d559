import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ArtefactRegenerator } from './ArtefactRegenerator';
import { engineErrors } from './engineErrors';
import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import type { AttemptParams, RegenerateContext, StoredArtefact } from './RecomputePipeline';
import { fakeWorldsRemovedAfterAll, type FakeWorld } from './test-support/createFakeWorld';
import { FakePipeline, type FakeKey } from './test-support/FakePipeline';
import { fakeRecomputeRow } from './test-support/fakeRecomputeRow';

/*
 * On-demand regeneration (`fetch`, every read path) in the cases the life-cycle suite does not
 * reach: a second fetch after the first, timeouts and typed failures of the pipeline, recordings
 * without a stored hash, pipelines hashing in a stored legacy algorithm, the store's publish step,
 * a folder that appeared meanwhile, and confinement without an engine.
 */
const world = fakeWorldsRemovedAfterAll();

/** A pipeline that records the parameters it regenerates with, and can hang or throw a given error. */
class ScriptedPipeline extends FakePipeline {
  readonly seenParams: AttemptParams[] = [];
  hang = false;
  failure: unknown = null;
  override async regenerate(artefact: StoredArtefact<FakeKey>, target: string, context: RegenerateContext): Promise<void> {
    this.seenParams.push(context.params);
    if (this.failure !== null) throw this.failure;
    if (this.hang) await new Promise<void>((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    await super.regenerate(artefact, target, context);
  }
}

const hidden = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.'));

/** A matched attempt of `name` flagged deleted: a deletion that stopped before its unlink. */
async function flagDeleted(w: { store: FakeWorld['store'] }, name: string): Promise<void> {
  await w.store.writeRecompute(fakeRecomputeRow(name, { deleted: true }), [], []);
}

describe('ensureArtefact', () => {
  it('regenerates again after a later deletion (a finished regeneration is not reused)', async () => {
    const pipeline = new ScriptedPipeline();
    const w = await world(['aa1'], { pipeline });
    rmSync(w.artefacts[0]!.path);
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toEqual({
      path: w.artefacts[0]!.path,
      regenerated: true,
      hash: w.artefacts[0]!.hash,
    });
    rmSync(w.artefacts[0]!.path);
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
    expect(existsSync(w.artefacts[0]!.path)).toBe(true);
    expect(pipeline.regenerations).toBe(2);
    expect(pipeline.seenParams).toEqual([{ rounding: 4 }, { rounding: 4 }]);
  });

  it('a failed regeneration is not cached: the next fetch tries again', async () => {
    const pipeline = new ScriptedPipeline();
    const w = await world(['aa1'], { pipeline });
    rmSync(w.artefacts[0]!.path);
    pipeline.failure = new Error('disk full');
    await expect(w.engine.ensureArtefact({ name: 'aa1' })).rejects.toMatchObject({
      code: 'REGENERATION_FAILED',
      message: expect.stringContaining('disk full'),
    });
    pipeline.failure = null;
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
  });

  it('gives up after timeoutMs with REGENERATION_TIMEOUT, leaving no copy and no original', async () => {
    const pipeline = new ScriptedPipeline();
    pipeline.hang = true;
    const w = await world(['aa1'], { pipeline });
    rmSync(w.artefacts[0]!.path);
    await expect(w.engine.ensureArtefact({ name: 'aa1' }, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'REGENERATION_TIMEOUT' });
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
    expect(hidden(path.dirname(w.artefacts[0]!.path))).toEqual([]);
  });

  it("a pipeline's typed error is passed on as it is, not wrapped as REGENERATION_FAILED", async () => {
    const pipeline = new ScriptedPipeline();
    const w = await world(['aa1'], { pipeline });
    rmSync(w.artefacts[0]!.path);
    pipeline.failure = engineErrors.originalMissing('/raw/source.nwb');
    await expect(w.engine.ensureArtefact({ name: 'aa1' })).rejects.toBe(pipeline.failure);
  });

  it('without a stored hash a missing file cannot be regenerated verifiably: HASH_NOT_STORED (exit 4), nothing written', async () => {
    const w = await world(['aa1'], { storedHash: () => null });
    rmSync(w.artefacts[0]!.path);
    await expect(w.engine.ensureArtefact({ name: 'aa1' })).rejects.toMatchObject({ code: 'HASH_NOT_STORED', exitCode: 4 });
    expect(w.pipeline.regenerations).toBe(0);
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
  });

  it('without a stored hash a present file flagged deleted cannot be verified either', async () => {
    const w = await world(['aa1'], { storedHash: () => null });
    await flagDeleted(w, 'aa1');
    await expect(w.engine.ensureArtefact({ name: 'aa1' })).rejects.toMatchObject({ code: 'HASH_NOT_STORED' });
    expect(existsSync(w.artefacts[0]!.path)).toBe(true);
  });

  it("another recording's deleted flag neither makes a present file suspect nor is cleared by its fetch", async () => {
    class CountingPipeline extends FakePipeline {
      hashes = 0;
      override async hash(target: string) {
        this.hashes += 1;
        return super.hash(target);
      }
    }
    const pipeline = new CountingPipeline();
    const w = await world(['aa1', 'bb2'], { pipeline });
    await flagDeleted(w, 'bb2');
    const hashesBefore = pipeline.hashes;
    // aa1's file is present and aa1 has no flagged row: the answer is the file, unverified.
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toEqual({
      path: w.artefacts[0]!.path,
      regenerated: false,
      hash: w.artefacts[0]!.hash,
    });
    expect(pipeline.hashes).toBe(hashesBefore);
    expect(pipeline.regenerations).toBe(0);
    // bb2's flag is bb2's: still set after aa1's fetch.
    expect((await w.store.listRecomputes({ recordings: [{ name: 'bb2' }] })).map((row) => row.deleted)).toEqual([true]);
    // bb2's own fetch verifies its present file and clears only its flag.
    expect(await w.engine.ensureArtefact({ name: 'bb2' })).toEqual({
      path: w.artefacts[1]!.path,
      regenerated: false,
      hash: w.artefacts[1]!.hash,
    });
    expect(pipeline.hashes).toBe(hashesBefore + 1);
    expect((await w.store.listRecomputes({ recordings: [{ name: 'bb2' }] })).map((row) => row.deleted)).toEqual([false]);
  });

  it("a fetch clears only the fetched recording's deleted flag, whether it verifies the present file or regenerates it", async () => {
    // The other flags describe other recordings' unfinished deletions: they must survive this fetch.
    const w = await world(['aa1', 'bb2', 'cc3']);
    for (const name of ['aa1', 'bb2', 'cc3']) await flagDeleted(w, name);
    const flags = async () =>
      Object.fromEntries((await w.store.listRecomputes({})).map((row) => [row.recording.name, row.deleted])) as Record<string, boolean>;
    expect(await w.engine.ensureArtefact({ name: 'bb2' })).toMatchObject({ regenerated: false });
    expect(await flags()).toEqual({ aa1: true, bb2: false, cc3: true });
    rmSync(w.artefacts[2]!.path);
    expect(await w.engine.ensureArtefact({ name: 'cc3' })).toMatchObject({ regenerated: true });
    expect(await flags()).toEqual({ aa1: true, bb2: false, cc3: false });
  });

  it('verifies with hashAsStored when the pipeline has one (a stored legacy hash)', async () => {
    class LegacyPipeline extends FakePipeline {
      async hashAsStored(target: string): Promise<string> {
        return `legacy:${(await this.hash(target)).hash}`;
      }
    }
    const pipeline = new LegacyPipeline();
    const w = await world(['aa1', 'aa2'], {
      pipeline,
      storedHash: (name, actual) => (name === 'aa1' ? `legacy:${actual}` : actual),
    });
    for (const artefact of w.artefacts) rmSync(artefact.path);
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({
      regenerated: true,
      hash: w.artefacts[0]!.hash,
    });
    await expect(w.engine.ensureArtefact({ name: 'aa2' })).rejects.toMatchObject({ code: 'REGENERATED_HASH_MISMATCH' });
  });
});

describe('the store publishes a verified copy before it becomes visible', () => {
  class PublishingStore extends InMemoryRecomputeStore<FakeKey> {
    readonly published: Array<{ name: string; copyExisted: boolean; originalExisted: boolean }> = [];
    onPublish: (artefact: StoredArtefact<FakeKey>) => void = () => undefined;
    async publishRegenerated(artefact: StoredArtefact<FakeKey>, verifiedCopy: string): Promise<void> {
      this.published.push({ name: artefact.key.name, copyExisted: existsSync(verifiedCopy), originalExisted: existsSync(artefact.path) });
      this.onPublish(artefact);
    }
  }

  it('with the verified copy in place and the original still absent', async () => {
    const store = new PublishingStore();
    const w = await world(['aa1'], { store, register: async (artefact) => store.addArtefact(artefact) });
    rmSync(w.artefacts[0]!.path);
    await w.engine.ensureArtefact({ name: 'aa1' });
    expect(store.published).toEqual([{ name: 'aa1', copyExisted: true, originalExisted: false }]);
  });

  it('a folder that appeared at the official path meanwhile (a concurrent regeneration) is the answer', async () => {
    const store = new PublishingStore();
    const w = await world(['aa1'], { store, register: async (artefact) => store.addArtefact(artefact), kind: 'folder' });
    rmSync(w.artefacts[0]!.path, { recursive: true });
    store.onPublish = (artefact) => {
      mkdirSync(artefact.path);
      writeFileSync(path.join(artefact.path, 'version'), 'theirs');
    };
    expect(await w.engine.ensureArtefact({ name: 'aa1' })).toMatchObject({ regenerated: true });
    expect(readdirSync(w.artefacts[0]!.path)).toEqual(['version']);
    expect(hidden(path.dirname(w.artefacts[0]!.path))).toEqual([]);
  });

  it('any other failure to move the copy into place is an error, and the copy is removed', async () => {
    const store = new PublishingStore();
    const w = await world(['aa1'], { store, register: async (artefact) => store.addArtefact(artefact) });
    rmSync(w.artefacts[0]!.path);
    store.onPublish = (artefact) => mkdirSync(path.join(artefact.path, 'blocker'), { recursive: true });
    await expect(w.engine.ensureArtefact({ name: 'aa1' })).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(hidden(path.dirname(w.artefacts[0]!.path))).toEqual([]);
  });
});

describe('ArtefactRegenerator without an engine (no confinement given)', () => {
  it('writes only strictly inside its data roots', async () => {
    const w = await world(['aa1', 'aa2']);
    const outside = path.join(w.base, 'elsewhere');
    const store = new InMemoryRecomputeStore<FakeKey>();
    store.addArtefact(w.artefacts[0]!);
    store.addArtefact({ ...w.artefacts[1]!, path: path.join(outside, 'aa2.txt') });
    const regenerator = new ArtefactRegenerator<FakeKey>({
      pipeline: w.pipeline,
      store,
      envId: 'tester_default_00',
      dataRoots: [w.recordingDir],
      lockDir: path.join(w.tempDir, '.locks'),
    });
    rmSync(w.artefacts[0]!.path);
    expect(await regenerator.ensure({ name: 'aa1' })).toMatchObject({ regenerated: true });
    await expect(regenerator.ensure({ name: 'aa2' })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DATA_ROOTS' });
    expect(existsSync(outside)).toBe(false);
  });
});
