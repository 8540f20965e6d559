import { rm } from 'node:fs/promises';
import { describeRecording, listRecordings, recordingState } from './listRecordings';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';

describe('listRecordings / describeRecording', () => {
  let world: FakeWorld;
  beforeAll(async () => {
    const behaviours: Record<string, 'match' | 'mismatch' | 'throw'> = { aa1: 'match', aa2: 'mismatch', bb1: 'throw', bb3: 'match' };
    world = await createFakeWorld({ names: ['aa1', 'aa2', 'bb1', 'bb2', 'bb3'], behaviour: (name) => behaviours[name] ?? 'match' });
    const { engine } = world;
    await engine.populateVersions();
    // bb2 is never selected; bb3 is selected but not run.
    await engine.attempt({ group: ['aa', 'bb'] });
    await engine.store.deleteSelections([{ recording: { name: 'bb2' }, envId: engine.environment.envId, params: { rounding: 4 } }]);
    await engine.populate({ name: ['aa1', 'aa2', 'bb1'] });
  });
  afterAll(async () => rm(world.base, { recursive: true, force: true }));

  it('gives each recording one state over its attempts, the key users type, and its size on disk', async () => {
    const page = await listRecordings(world.engine);
    expect(page.total).toBe(5);
    const byName = Object.fromEntries(page.recordings.map((r) => [r.keyText, r]));
    expect(Object.fromEntries(Object.entries(byName).map(([name, r]) => [name, r.state]))).toEqual({
      aa1: 'matched',
      aa2: 'mismatched',
      bb1: 'error',
      bb2: 'unattempted',
      bb3: 'pending',
    });
    expect(byName.bb2!.attempts).toBe(0);
    expect(byName.aa1!.attempts).toBe(1);
    expect(byName.aa1!.bytes).toBeGreaterThan(0);
    expect(byName.aa1!.hash).toBe(world.artefacts[0]!.hash);
  });

  it('filters by state, then pages (total counts every filtered row)', async () => {
    const failed = await listRecordings(world.engine, {}, { states: ['mismatched', 'error'] });
    expect(failed.recordings.map((r) => r.keyText).sort()).toEqual(['aa2', 'bb1']);
    const pages = [0, 2, 4].map((offset) => listRecordings(world.engine, {}, { offset, limit: 2 }));
    const names = (await Promise.all(pages)).flatMap((p) => p.recordings.map((r) => r.keyText));
    expect(names.sort()).toEqual(['aa1', 'aa2', 'bb1', 'bb2', 'bb3']);
    const last = await listRecordings(world.engine, {}, { offset: 4, limit: 2 });
    expect(last).toMatchObject({ total: 5, offset: 4, limit: 2 });
    expect(last.recordings).toHaveLength(1);
  });

  it('a deleted recording is `deleted`, with 0 bytes; describe shows its versions and the attempt that proved it', async () => {
    await world.engine.deleteFiles({ name: 'aa1' }, { dryRun: false, yes: true, olderThanDays: 0 });
    const [aa1] = (await listRecordings(world.engine, { name: 'aa1' })).recordings;
    expect(aa1).toMatchObject({ state: 'deleted', bytes: 0 });
    const described = await describeRecording(world.engine, { name: 'aa1' });
    expect(described).toMatchObject({ keyText: 'aa1', exists: false, state: 'deleted', versions: { 'fake-generator': '1.0.0' } });
    expect(described.attempts).toEqual([
      expect.objectContaining({ envId: 'tester_default_00', params: { rounding: 4 }, state: 'deleted', errMsg: null }),
    ]);
  });

  it('describe lists the differing objects of a mismatch and the message of an error', async () => {
    const mismatch = await describeRecording(world.engine, { name: 'aa2' });
    expect(mismatch.state).toBe('mismatched');
    expect(mismatch.attempts[0]!.hashes.map((h) => h.name)).toContain('obj1');
    expect(mismatch.attempts[0]!.names).toContainEqual(expect.objectContaining({ name: 'extra', missingFrom: 'old' }));
    const error = await describeRecording(world.engine, { name: 'bb1' });
    expect(error.attempts[0]!.errMsg).toEqual(expect.any(String));
  });

  it('describe of an unknown key is RECORDING_NOT_FOUND', async () => {
    await expect(describeRecording(world.engine, { name: 'zz9' })).rejects.toMatchObject({ code: 'RECORDING_NOT_FOUND' });
  });

  it('the most decisive attempt wins', () => {
    expect(recordingState([])).toBe('unattempted');
    expect(recordingState(['pending', 'mismatched', 'matched'])).toBe('matched');
    expect(recordingState(['error', 'xfail'])).toBe('error');
  });
});
