import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InMemoryJobStore } from '../jobs/InMemoryJobStore';
import { JobReserver } from '../jobs/JobReserver';
import { InMemoryRecomputeStore } from './InMemoryRecomputeStore';
import { RecomputeEngine } from './RecomputeEngine';
import type { RegenerateContext, StoredArtefact } from './RecomputePipeline';
import type { AttemptFilter, RecomputeRow } from './RecomputeStore';
import { fakeWorldsRemovedAfterAll, fakeEnvironment, type FakeWorld } from './test-support/createFakeWorld';
import { FakePipeline, type FakeKey } from './test-support/FakePipeline';

/*
 * The attempt flow's decisions that only show in particular states: which candidates a random
 * sample picks, attempts made redundant by a match elsewhere, a result written by another worker
 * between listing and running, failures while a job is reserved, heartbeats during a long
 * regeneration, and what `status` and `cleanup` count in a pipeline's roots.
 */
const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';

const world = fakeWorldsRemovedAfterAll();

const names = (rows: Array<{ recording: FakeKey }>) => rows.map((row) => row.recording.name);

function result(name: string, envId: string, fields: Partial<RecomputeRow<FakeKey>> = {}): RecomputeRow<FakeKey> {
  return { recording: { name }, envId, params: { rounding: 4 }, matched: true, errMsg: null, createdAt: null, deleted: false, ...fields };
}

describe('attempt --limit picks a uniform random sample (Fisher–Yates over the candidates)', () => {
  it('draws near 1 keep the listed order; draws of 0 rotate the first candidate to the back', async () => {
    const high = await world(['aa1', 'aa2', 'aa3', 'aa4'], { random: () => 0.99 });
    expect(names((await high.engine.attempt({}, { limit: 2 })).inserted)).toEqual(['aa1', 'aa2']);
    const low = await world(['aa1', 'aa2', 'aa3', 'aa4'], { random: () => 0 });
    const sampled = await low.engine.attempt({}, { limit: 3 });
    expect(names(sampled.inserted)).toEqual(['aa2', 'aa3', 'aa4']);
    expect(sampled.notChosen).toBe(1);
  });

  it('draws exactly one number per candidate after the first (n − 1 draws for n candidates)', async () => {
    let draws = 0;
    const w = await world(['aa1', 'aa2', 'aa3', 'aa4'], { random: () => ((draws += 1), 0.5) });
    await w.engine.attempt({}, { limit: 1 });
    expect(draws).toBe(3);
  });

  it('run --limit samples the pending attempts the same way', async () => {
    const w = await world(['aa1', 'aa2', 'aa3', 'aa4'], { random: () => 0 });
    await w.engine.attempt();
    expect(names((await w.engine.populate({}, { limit: 2 })).outcomes.map((o) => o.attempt))).toEqual(['aa2', 'aa3']);
  });
});

describe('an attempt made redundant by a match elsewhere', () => {
  it('a match in another environment (any rounding) skips the attempt and removes its selection', async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.attempt();
    await w.store.insertSelections([
      { recording: { name: 'aa1' }, envId: OTHER_ENV, params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
      { recording: { name: 'aa2' }, envId: OTHER_ENV, params: { rounding: 6 }, loggedAtCreation: false, xfailReason: null },
    ]);
    await w.store.writeRecompute(result('aa1', OTHER_ENV), [], []);
    await w.store.writeRecompute(result('aa2', OTHER_ENV, { params: { rounding: 6 } }), [], []);
    const run = await w.engine.populate();
    expect(run.outcomes.map((o) => [o.attempt.recording.name, o.outcome])).toEqual([
      ['aa1', 'skipped-matched'],
      ['aa2', 'skipped-matched'],
    ]);
    expect(w.pipeline.regenerations).toBe(0);
    expect(await w.store.listSelections({ envId: ENV })).toEqual([]);
    expect(await w.store.listSelections({ envId: OTHER_ENV })).toHaveLength(2);
  });

  it('force runs it anyway', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    await w.store.writeRecompute(result('aa1', OTHER_ENV), [], []);
    expect((await w.engine.populate({}, { force: true })).counts.matched).toBe(1);
    expect(w.pipeline.regenerations).toBe(1);
  });

  it('a result elsewhere that did not match leaves the attempt to run', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    await w.store.writeRecompute(result('aa1', OTHER_ENV, { matched: false }), [], []);
    const run = await w.engine.populate();
    expect(run.outcomes.map((o) => o.outcome)).toEqual(['matched']);
    expect(w.pipeline.regenerations).toBe(1);
  });

  it('a recheck redoes its own non-match even when another environment has matched the recording since', async () => {
    const behaviours: Record<string, 'match' | 'mismatch'> = { aa1: 'mismatch' };
    const w = await world(['aa1'], { behaviour: (name) => behaviours[name] ?? 'match' });
    await w.engine.attempt();
    expect((await w.engine.populate()).counts.mismatched).toBe(1);
    await w.store.writeRecompute(result('aa1', OTHER_ENV), [], []);
    behaviours.aa1 = 'match';
    const run = await w.engine.recheck({}, { regenerate: true });
    expect(run.outcomes.map((o) => [o.attempt.envId, o.outcome])).toEqual([[ENV, 'matched']]);
    expect(await w.store.listSelections({ envId: ENV })).toHaveLength(1);
  });

  it('removeMatched lists only the pending selections of recordings that matched, not of those that only failed', async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.attempt();
    await w.store.writeRecompute(result('aa1', OTHER_ENV, { matched: false, errMsg: 'REGENERATION_FAILED: x' }), [], []);
    await w.store.writeRecompute(result('aa2', OTHER_ENV), [], []);
    expect(names(await w.engine.removeMatched())).toEqual(['aa2']);
  });
});

/** A store whose first listing of results misses the rows `hidden` names: another worker wrote them meanwhile. */
class LateResultsStore extends InMemoryRecomputeStore<FakeKey> {
  hideOnce = false;
  override async listRecomputes(filter: AttemptFilter<FakeKey>): Promise<Array<RecomputeRow<FakeKey>>> {
    const rows = await super.listRecomputes(filter);
    if (!this.hideOnce) return rows;
    this.hideOnce = false;
    return [];
  }
}

describe('a result another worker wrote after the pending attempts were listed', () => {
  async function lateWorld(): Promise<{ w: FakeWorld; store: LateResultsStore }> {
    const store = new LateResultsStore();
    const w = await world(['aa1'], { store, register: async (artefact) => store.addArtefact(artefact) });
    await w.engine.attempt();
    return { w, store };
  }

  it('is left alone (reserved-elsewhere), and the job reservation is given back', async () => {
    const { w, store } = await lateWorld();
    await store.writeRecompute(result('aa1', ENV, { createdAt: new Date(0) }), [], []);
    store.hideOnce = true;
    const jobStore = new InMemoryJobStore();
    const jobs = new JobReserver(jobStore, { tableName: 't', owner: { host: 'h', pid: 1 }, heartbeatMs: 1e9 });
    const run = await w.engine.populate({}, { jobs });
    expect(run.outcomes).toEqual([expect.objectContaining({ outcome: 'reserved-elsewhere' })]);
    expect(w.pipeline.regenerations).toBe(0);
    expect(await jobStore.list()).toEqual([]);
    expect((await store.listRecomputes({}))[0]!.createdAt).toEqual(new Date(0));
  });

  it('a result that did not match is left alone as well, unless it is a recheck', async () => {
    const { w, store } = await lateWorld();
    await store.writeRecompute(result('aa1', ENV, { matched: false }), [], []);
    store.hideOnce = true;
    const run = await w.engine.populate();
    expect(run.outcomes).toEqual([expect.objectContaining({ outcome: 'reserved-elsewhere' })]);
    expect(w.pipeline.regenerations).toBe(0);
    expect((await store.listRecomputes({}))[0]!.matched).toBe(false);
  });

  it('a recheck still redoes a result that did not match', async () => {
    const { w, store } = await lateWorld();
    await store.writeRecompute(result('aa1', ENV, { matched: false, errMsg: 'REGENERATION_FAILED: x' }), [], []);
    store.hideOnce = true;
    const run = await w.engine.populate({}, { recheck: true });
    expect(run.outcomes).toEqual([expect.objectContaining({ outcome: 'matched' })]);
  });
});

describe('a failure the attempt cannot record', () => {
  it('marks the reserved job as an error and rejects with the failure', async () => {
    const failure = new Error('database went away');
    class FailingStore extends InMemoryRecomputeStore<FakeKey> {
      override async writeRecompute(): Promise<void> {
        throw failure;
      }
    }
    const store = new FailingStore();
    const w = await world(['aa1'], { store, register: async (artefact) => store.addArtefact(artefact) });
    await w.engine.attempt();
    const jobStore = new InMemoryJobStore();
    const jobs = new JobReserver(jobStore, { tableName: 't', owner: { host: 'h', pid: 1 }, heartbeatMs: 1e9 });
    await expect(w.engine.populate({}, { jobs })).rejects.toBe(failure);
    expect(await jobStore.list()).toEqual([expect.objectContaining({ status: 'error', errorMessage: 'Error: database went away' })]);
  });
});

describe('heartbeats during a regeneration', () => {
  it('keep the job reserved past its lease while the pipeline reports progress', async () => {
    let clock = Date.parse('2026-03-01T00:00:00Z');
    const now = () => new Date(clock);
    const jobStore = new InMemoryJobStore();
    const options = { tableName: 't', leaseMs: 10_000, heartbeatMs: 1e9, now };
    const rival = new JobReserver(jobStore, { ...options, owner: { host: 'other', pid: 2 } });
    const taken: boolean[] = [];
    class SlowPipeline extends FakePipeline {
      override async regenerate(artefact: StoredArtefact<FakeKey>, target: string, context: RegenerateContext): Promise<void> {
        for (let step = 0; step < 3; step += 1) {
          clock += 8_000;
          context.heartbeat();
          await new Promise((resolve) => setImmediate(resolve));
          taken.push((await rival.reserve({ name: artefact.key.name, env_id: ENV, rounding: 4 })) !== null);
        }
        await super.regenerate(artefact, target, context);
      }
    }
    const w = await world(['aa1'], { pipeline: new SlowPipeline(), now });
    await w.engine.attempt();
    const jobs = new JobReserver(jobStore, { ...options, owner: { host: 'me', pid: 1 } });
    expect((await w.engine.populate({}, { jobs })).counts.matched).toBe(1);
    expect(taken).toEqual([false, false, false]);
  });
});

describe('recorded when the original is missing', () => {
  it('an error naming the missing original, created_at taken from the engine clock', async () => {
    const at = new Date('2026-04-01T12:00:00Z');
    const w = await world(['aa1'], { now: () => at });
    await w.engine.attempt();
    rmSync(w.artefacts[0]!.path);
    const run = await w.engine.populate();
    expect(run.outcomes).toEqual([
      expect.objectContaining({
        outcome: 'error',
        errMsg: `ORIGINAL_MISSING: original ${w.artefacts[0]!.path} is missing; nothing to compare with`,
      }),
    ]);
    expect((await w.store.listRecomputes({}))[0]).toMatchObject({ matched: false, createdAt: at });
    expect(existsSync(w.engine.temporaryPath(w.artefacts[0]!))).toBe(false);
  });
});

describe('expected-failure overrides of a pipeline that lists no reasons', () => {
  it('accepts any reason code', async () => {
    const pipeline = new FakePipeline();
    (pipeline as { xfailReasons?: unknown }).xfailReasons = undefined;
    const w = await world(['aa1'], { pipeline });
    expect((await w.engine.attempt({}, { skipXfail: ['anything'] })).inserted).toHaveLength(1);
  });
});

describe('status of a recording with a deleted and an undeleted match', () => {
  it('counts its file as reclaimable, not as left over from an interrupted deletion', async () => {
    const w = await world(['aa1']);
    await w.store.insertSelections([
      { recording: { name: 'aa1' }, envId: ENV, params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
      { recording: { name: 'aa1' }, envId: OTHER_ENV, params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
    ]);
    await w.store.writeRecompute(result('aa1', ENV, { deleted: true }), [], []);
    await w.store.writeRecompute(result('aa1', OTHER_ENV), [], []);
    const status = await w.engine.status();
    expect(status).toMatchObject({ matched: 1, deleted: 1, bytesLeftover: 0, leftoverEntries: 0 });
    expect(status.bytesReclaimable).toBeGreaterThan(0);
  });

  it('a flagged match whose file is still there is left over (an interrupted deletion)', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    await w.store.writeRecompute(result('aa1', ENV, { deleted: true }), [], []);
    const status = await w.engine.status();
    expect(status).toMatchObject({ deleted: 1, bytesReclaimable: 0, leftoverEntries: 1 });
    expect(status.bytesLeftover).toBeGreaterThan(0);
  });
});

describe('cleanup in a pipeline with its own artefact root', () => {
  it('scans that root and treats the paths other rows reference as tracked', async () => {
    const w = await world(['aa1']);
    const analysis = path.join(w.base, 'analysis');
    mkdirSync(path.join(analysis, 'aa'), { recursive: true });
    writeFileSync(path.join(analysis, 'aa', 'referenced.nwb'), 'x');
    writeFileSync(path.join(analysis, 'aa', 'stray.nwb'), 'xy');
    writeFileSync(path.join(w.recordingDir, 'stray-in-recording.txt'), 'x');
    const engine = new RecomputeEngine<FakeKey>({
      pipeline: w.pipeline,
      store: w.store,
      environment: { envId: ENV, snapshot: fakeEnvironment() },
      dataRoots: [analysis, w.tempDir],
      tempDir: w.tempDir,
      artefactRoot: analysis,
      allRoots: [w.recordingDir],
      referencedPaths: async () => [path.join(analysis, 'aa', 'referenced.nwb')],
    });
    const dry = await engine.cleanup();
    expect(dry.untracked).toEqual([{ path: path.join(analysis, 'aa', 'stray.nwb'), bytes: 2 }]);
  });
});

describe('a recheck of an error', () => {
  it('regenerates even when a copy lies at the temporary path (only a mismatch keeps a complete copy)', async () => {
    const behaviours: Record<string, 'match' | 'throw'> = { aa1: 'throw' };
    const w = await world(['aa1'], { behaviour: (name) => behaviours[name] ?? 'match' });
    await w.engine.attempt();
    expect((await w.engine.populate()).counts.error).toBe(1);
    // A copy a crashed attempt left half-written.
    const copy = w.engine.temporaryPath(w.artefacts[0]!);
    mkdirSync(path.dirname(copy), { recursive: true });
    writeFileSync(copy, 'version=1.0.0\n');
    behaviours.aa1 = 'match';
    const run = await w.engine.recheck();
    expect(run.outcomes).toEqual([{ attempt: expect.objectContaining({ envId: ENV }), outcome: 'matched' }]);
    expect(w.pipeline.regenerations).toBe(2);
  });
});

describe('attempt filters of populate and status', () => {
  it("run --env-id naming the current environment runs that environment's attempts", async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.attempt();
    expect((await w.engine.populate({}, { attempts: { envId: ENV } })).counts.matched).toBe(2);
  });

  it("status of one recording counts only that recording's attempts", async () => {
    const w = await world(['aa1', 'aa2', 'bb1']);
    await w.engine.attempt();
    expect(await w.engine.status({ name: 'aa1' })).toMatchObject({ total: 1, pending: 1 });
  });
});

describe('the creation flow (logCreation)', () => {
  it('records a logged_at_creation selection even where the environment gate would hold an attempt back', async () => {
    const w = await world(['aa1'], { environment: fakeEnvironment('2.0.0') });
    expect((await w.engine.attempt({ name: 'aa1' })).skippedEnvironment).toHaveLength(1);
    const row = await w.engine.logCreation({ name: 'aa1' });
    expect(row).toMatchObject({ recording: { name: 'aa1' }, envId: ENV, loggedAtCreation: true, xfailReason: null });
  });

  it('populate records a logged selection as a match without regenerating', async () => {
    const w = await world(['aa1']);
    await w.engine.logCreation({ name: 'aa1' });
    expect((await w.engine.populate()).outcomes.map((o) => o.outcome)).toEqual(['logged']);
    expect(w.pipeline.regenerations).toBe(0);
    expect((await w.store.listRecomputes({})).map((row) => [row.matched, row.errMsg])).toEqual([[true, null]]);
  });
});

describe('copies in a pipeline with its own artefact root', () => {
  it('are refused when they would lie in another configured data root', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    // A data root configured inside the temp root, where this pipeline's copies would go.
    const nested = path.join(w.tempDir, w.pipeline.schema);
    mkdirSync(nested, { recursive: true });
    const engine = new RecomputeEngine<FakeKey>({
      pipeline: w.pipeline,
      store: w.store,
      environment: { envId: ENV, snapshot: fakeEnvironment() },
      dataRoots: [w.recordingDir, w.tempDir],
      tempDir: w.tempDir,
      artefactRoot: w.recordingDir,
      allRoots: [nested],
    });
    await expect(engine.populate()).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DATA_ROOTS' });
    expect(w.pipeline.regenerations).toBe(0);
  });
});
