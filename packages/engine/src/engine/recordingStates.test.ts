import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { attemptState, defaultKeyText, describeRecording, listRecordings, recordingState, RECORDING_STATES } from './listRecordings';
import type { StoredArtefact } from './RecomputePipeline';
import type { RecomputeRow } from './RecomputeStore';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import type { FakeKey } from './test-support/FakePipeline';

/*
 * The states `list` and `show` report, decided from the rows alone, and the key text users type.
 */
const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';

function row(fields: Partial<RecomputeRow<FakeKey>> = {}): RecomputeRow<FakeKey> {
  return {
    recording: { name: 'aa1' },
    envId: ENV,
    params: { rounding: 4 },
    matched: false,
    errMsg: null,
    createdAt: null,
    deleted: false,
    ...fields,
  };
}

describe('attemptState and recordingState', () => {
  it('an attempt is xfail (whatever its result), pending, deleted, matched, error or mismatched', () => {
    expect(attemptState({ xfailReason: 'known_bad_fixture' }, row({ matched: true }))).toBe('xfail');
    expect(attemptState({ xfailReason: null }, undefined)).toBe('pending');
    expect(attemptState({ xfailReason: null }, row({ matched: true, deleted: true }))).toBe('deleted');
    expect(attemptState({ xfailReason: null }, row({ matched: true }))).toBe('matched');
    expect(attemptState({ xfailReason: null }, row({ errMsg: 'boom' }))).toBe('error');
    expect(attemptState({ xfailReason: null }, row())).toBe('mismatched');
    expect(attemptState({ xfailReason: null }, row({ deleted: true }))).toBe('mismatched');
  });

  it('a recording takes its most decisive attempt state, in the order of RECORDING_STATES', () => {
    expect(RECORDING_STATES).toEqual(['deleted', 'matched', 'mismatched', 'error', 'xfail', 'pending', 'unattempted']);
    expect(Object.isFrozen(RECORDING_STATES)).toBe(true);
    expect(recordingState(['matched', 'deleted'])).toBe('deleted');
    expect(recordingState(['error', 'mismatched'])).toBe('mismatched');
    expect(recordingState(['pending', 'xfail'])).toBe('xfail');
    expect(recordingState(['pending'])).toBe('pending');
  });
});

describe('defaultKeyText', () => {
  const artefact = (key: Record<string, string | number>, path: string): StoredArtefact<Record<string, string | number>> => ({
    key,
    path,
    relativePath: path,
    hash: null,
    attributes: {},
  });

  it('a one-column key is its value; a composite key the last part of its path; without a path, the key as JSON', () => {
    expect(defaultKeyText(artefact({ recording_id: 'c2eb-5701' }, '/a/b.nwb'))).toBe('c2eb-5701');
    expect(defaultKeyText(artefact({ sort_group_id: 3 }, '/a/b'))).toBe('3');
    expect(defaultKeyText(artefact({ nwb_file_name: 'rat01_.nwb', sort_group_id: 3 }, '/data/recording/rat01_3_raw/'))).toBe('rat01_3_raw');
    expect(defaultKeyText(artefact({ nwb_file_name: 'rat01_.nwb', sort_group_id: 3 }, 'C:\\data\\rat01_3'))).toBe('rat01_3');
    expect(defaultKeyText(artefact({ a: 'x', b: 1 }, '/'))).toBe('{"a":"x","b":1}');
  });
});

describe('listRecordings and describeRecording options', () => {
  let w: FakeWorld;
  beforeAll(async () => {
    w = await createFakeWorld({ names: ['aa1', 'aa2', 'cc1'], behaviour: (name) => (name === 'cc1' ? 'xfail' : 'match') });
    await w.engine.attempt({}, { atCreation: true, force: true });
    await w.store.insertSelections([
      { recording: { name: 'aa1' }, envId: OTHER_ENV, params: { rounding: 6 }, loggedAtCreation: false, xfailReason: null },
    ]);
    await w.engine.populate({ name: 'aa1' });
  });
  afterAll(async () => rm(w.base, { recursive: true, force: true }));

  it('pages from offset 0 with no limit by default; a key text function names the keys', async () => {
    const page = await listRecordings(w.engine, {}, { keyText: (artefact) => `key:${artefact.key.name}` });
    expect(page).toMatchObject({ total: 3, offset: 0, limit: null });
    expect(page.recordings.map((r) => [r.keyText, r.state, r.attempts])).toEqual([
      ['key:aa1', 'matched', 2],
      ['key:aa2', 'pending', 1],
      ['key:cc1', 'xfail', 1],
    ]);
    expect(page.recordings[0]).toMatchObject({ path: w.artefacts[0]!.path, attributes: { group: 'aa' } });
    expect((await listRecordings(w.engine, {}, { states: ['xfail', 'pending'], offset: 1 })).recordings.map((r) => r.keyText)).toEqual([
      'cc1',
    ]);
    expect((await listRecordings(w.engine, {}, { states: [] })).total).toBe(0);
  });

  it('describe shows every attempt with its selection flags, result and creation time, and the file', async () => {
    const described = await describeRecording(w.engine, { name: 'aa1' }, { keyText: () => 'custom' });
    expect(described).toMatchObject({
      keyText: 'custom',
      exists: true,
      hash: w.artefacts[0]!.hash,
      state: 'matched',
      attributes: { group: 'aa' },
    });
    expect(described.bytes).toBeGreaterThan(0);
    expect(described.attempts).toEqual([
      expect.objectContaining({
        envId: ENV,
        params: { rounding: 4 },
        state: 'matched',
        loggedAtCreation: true,
        xfailReason: null,
        errMsg: null,
      }),
      {
        envId: OTHER_ENV,
        params: { rounding: 6 },
        state: 'pending',
        loggedAtCreation: false,
        xfailReason: null,
        errMsg: null,
        createdAt: null,
        names: [],
        hashes: [],
      },
    ]);
    expect(described.attempts[0]!.createdAt?.getTime()).toBe(statSync(w.artefacts[0]!.path).mtime.getTime());
    const xfail = await describeRecording(w.engine, { name: 'cc1' });
    expect(xfail.attempts).toEqual([expect.objectContaining({ state: 'xfail', xfailReason: 'known_bad_fixture' })]);
  });

  it('a recording without a versions row shows null versions', async () => {
    const bare = await createFakeWorld({ names: ['bb1'] });
    try {
      expect(await describeRecording(bare.engine, { name: 'bb1' })).toMatchObject({ versions: null, state: 'unattempted', attempts: [] });
    } finally {
      await rm(bare.base, { recursive: true, force: true });
    }
  });
});
