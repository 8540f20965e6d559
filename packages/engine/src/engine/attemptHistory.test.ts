import type { StoredArtefact } from './RecomputePipeline';
import type { RecomputeRow } from './RecomputeStore';
import { fakeWorldsRemovedAfterAll } from './test-support/createFakeWorld';
import { FakePipeline, type FakeKey } from './test-support/FakePipeline';

/*
 * How the engine reads a recording's earlier attempts: the errors an expected-failure check is
 * shown, the attempt `diff` picks by environment and parameters, and what an empty pipeline reports.
 */
const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';

const world = fakeWorldsRemovedAfterAll();

function result(name: string, envId: string, fields: Partial<RecomputeRow<FakeKey>>): RecomputeRow<FakeKey> {
  return { recording: { name }, envId, params: { rounding: 4 }, matched: false, errMsg: null, createdAt: null, deleted: false, ...fields };
}

describe("expectedFailure sees the recording's own earlier errors", () => {
  /** Records what each expected-failure check was shown. */
  class RecordingPipeline extends FakePipeline {
    readonly shown: Record<string, readonly string[]> = {};
    override async expectedFailure(artefact: StoredArtefact<FakeKey>, _versions?: unknown, previousErrors: readonly string[] = []) {
      this.shown[artefact.key.name] = previousErrors;
      return null;
    }
  }

  it('only the err_msg of attempts of that recording that failed (any environment), not mismatches', async () => {
    const pipeline = new RecordingPipeline();
    const w = await world(['aa1', 'aa2', 'aa3'], { pipeline });
    await w.store.writeRecompute(result('aa1', OTHER_ENV, { errMsg: 'REGENERATION_FAILED: boom' }), [], []);
    await w.store.writeRecompute(result('aa1', 'third_env_00', {}), [], []); // a mismatch: no err_msg
    await w.store.writeRecompute(result('aa2', OTHER_ENV, { errMsg: 'TIMEOUT: slow' }), [], []);
    const attempted = await w.engine.attempt();
    expect(attempted.inserted).toHaveLength(3);
    expect(pipeline.shown).toEqual({ aa1: ['REGENERATION_FAILED: boom'], aa2: ['TIMEOUT: slow'], aa3: [] });
  });
});

describe('diff picks attempts by environment and parameters', () => {
  it('all attempts of the recording by default; one environment, or one rounding, when given', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt({}, { params: { rounding: 4 } });
    await w.engine.attempt({}, { params: { rounding: 6 } });
    await w.engine.populate();
    await w.store.writeRecompute(result('aa1', OTHER_ENV, { errMsg: 'x' }), [], []);
    const attempts = (diffs: Awaited<ReturnType<typeof w.engine.diff>>) =>
      diffs.map(({ row }) => `${row.envId}/${row.params.rounding}`).sort();
    expect(attempts(await w.engine.diff({ recording: { name: 'aa1' } }))).toEqual([`${OTHER_ENV}/4`, `${ENV}/4`, `${ENV}/6`]);
    expect(attempts(await w.engine.diff({ recording: { name: 'aa1' }, envId: ENV }))).toEqual([`${ENV}/4`, `${ENV}/6`]);
    expect(attempts(await w.engine.diff({ recording: { name: 'aa1' }, params: { rounding: 6 } }))).toEqual([`${ENV}/6`]);
    expect(attempts(await w.engine.diff({ recording: { name: 'aa1' }, envId: OTHER_ENV, params: { rounding: 4 } }))).toEqual([
      `${OTHER_ENV}/4`,
    ]);
  });

  it('no such attempt is RECORDING_NOT_FOUND naming the key and, when given, the environment', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    await w.engine.populate();
    await expect(w.engine.diff({ recording: { name: 'aa1' }, envId: OTHER_ENV })).rejects.toMatchObject({
      code: 'RECORDING_NOT_FOUND',
      details: { key: { name: 'aa1', env_id: OTHER_ENV } },
    });
    await expect(w.engine.diff({ recording: { name: 'aa1' }, params: { rounding: 2 } })).rejects.toMatchObject({
      details: { key: { name: 'aa1' } },
    });
    const error = await w.engine.diff({ recording: { name: 'aa1' }, params: { rounding: 2 } }).catch((caught: unknown) => caught);
    expect((error as { details: { key: object } }).details.key).not.toHaveProperty('env_id');
  });
});

describe('a pipeline with no recordings', () => {
  it('an empty restriction is not an error: nothing to version, attempt, run or count', async () => {
    const w = await world([]);
    expect(await w.engine.populateVersions()).toEqual({ inserted: [], alreadyPresent: 0, failed: [] });
    expect((await w.engine.attempt()).inserted).toEqual([]);
    expect((await w.engine.populate()).outcomes).toEqual([]);
    expect(await w.engine.status()).toMatchObject({ total: 0, pending: 0, bytesReclaimable: 0, bytesLeftover: 0 });
    await expect(w.engine.status({ name: 'aa1' })).rejects.toMatchObject({ code: 'RESTRICTION_MATCHES_NOTHING' });
  });
});

describe('status counts expected failures by reason code', () => {
  it('two recordings held back by one reason count twice under its code', async () => {
    const w = await world(['cc1', 'cc2', 'aa1'], { behaviour: (name) => (name.startsWith('cc') ? 'xfail' : 'match') });
    await w.engine.attempt();
    expect(await w.engine.status()).toMatchObject({ xfail: 2, pending: 1, total: 3, xfailReasons: { known_bad_fixture: 2 } });
  });
});

describe('populate with a limit and a spent deadline', () => {
  it('reports as not started the attempts the limit would have run, not every pending one', async () => {
    const w = await world(['aa1', 'aa2', 'aa3'], { random: () => 0.5 });
    await w.engine.attempt();
    const run = await w.engine.populate({}, { limit: 2, maxDurationMs: 0 });
    expect(run.outcomes).toEqual([]);
    expect(run.stoppedAtDeadline).toEqual({ notStarted: 2 });
  });

  it('progress counts against the pending attempts when the limit is larger', async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.attempt();
    const calls: Array<[number, number]> = [];
    await w.engine.populate({}, { limit: 5, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
