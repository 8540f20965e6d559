import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deleteAttempts } from './deleteAttempts';
import { fakeWorldsRemovedAfterAll } from './test-support/createFakeWorld';
import type { FakeBehaviour } from './test-support/FakePipeline';
import { fakeRecomputeRow } from './test-support/fakeRecomputeRow';

/*
 * `attempts delete` (upstream `RecordingRecompute.delete`) on attempts in every state: what each
 * entry reports, what a real run removes and logs, and the guard that never lets a copy path be
 * an original.
 */
const ENV = 'tester_default_00';

const world = fakeWorldsRemovedAfterAll();

describe('attempts delete', () => {
  it('reports each attempt with its state and kept copy, and a real run removes rows and copies and says so', async () => {
    const w = await world(['aa1', 'aa2', 'bb1', 'cc1', 'dd1'], {
      behaviour: (name) => (({ aa2: 'mismatch', bb1: 'throw', cc1: 'xfail' }) as Record<string, FakeBehaviour>)[name] ?? 'match',
    });
    await w.engine.attempt();
    await w.engine.populate({ name: ['aa1', 'aa2', 'bb1', 'cc1'] });
    const kept = w.engine.temporaryPath(w.artefacts[1]!);
    const plan = await w.engine.deleteAttempts();
    const states = Object.fromEntries(
      plan.entries.map((entry) => [entry.recording.name, [entry.state, entry.temporaryPath, entry.temporaryBytes]]),
    );
    const copyBytes = plan.entries.find((entry) => entry.recording.name === 'aa2')!.temporaryBytes;
    expect(copyBytes).toBeGreaterThan(0);
    expect(states).toEqual({
      aa1: ['matched', null, 0],
      aa2: ['mismatched', kept, copyBytes],
      bb1: ['error', null, 0],
      cc1: ['xfail', null, 0],
      dd1: ['pending', null, 0],
    });
    expect(plan).toMatchObject({ dryRun: true, bytes: copyBytes, keptDeletedOriginals: 0 });
    expect(w.messages.filter((message) => message.startsWith('deleted'))).toEqual([]);

    const real = await w.engine.deleteAttempts({}, { dryRun: false, yes: true });
    expect(real.dryRun).toBe(false);
    expect(await w.store.listSelections({})).toEqual([]);
    expect(await w.store.listRecomputes({})).toEqual([]);
    expect(existsSync(kept)).toBe(false);
    expect(w.artefacts.every((artefact) => existsSync(artefact.path))).toBe(true);
    expect(w.messages).toContain(`deleted 5 attempt(s) and ${copyBytes} bytes of regenerated copies`);
  });

  it('--env-id narrows the attempts; nothing selected needs no confirmation', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    await w.store.insertSelections([
      { recording: { name: 'aa1' }, envId: 'other_env_00', params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
    ]);
    const other = await w.engine.deleteAttempts({}, { attempts: { envId: 'other_env_00' }, dryRun: false, yes: true });
    expect(other.entries.map((entry) => entry.envId)).toEqual(['other_env_00']);
    expect((await w.store.listSelections({})).map((row) => row.envId)).toEqual([ENV]);
    const none = await w.engine.deleteAttempts({}, { attempts: { result: 'matched' }, dryRun: false });
    expect(none).toEqual({ dryRun: false, entries: [], bytes: 0, keptDeletedOriginals: 0 });
  });

  it('the restriction and the result selector narrow the attempts; those of other recordings and results stay', async () => {
    const w = await world(['aa1', 'aa2']);
    await w.engine.attempt();
    await w.store.insertSelections([
      { recording: { name: 'aa1' }, envId: 'other_env_00', params: { rounding: 4 }, loggedAtCreation: false, xfailReason: null },
    ]);
    await w.engine.populate();
    const attempts = (entries: Array<{ recording: { name: string }; envId: string }>) =>
      entries.map((entry) => `${entry.recording.name}/${entry.envId}`).sort();
    // aa2's attempt is matched like aa1's own, but aa2 is not restricted.
    expect(attempts((await w.engine.deleteAttempts({ name: 'aa1' })).entries)).toEqual(['aa1/other_env_00', `aa1/${ENV}`]);
    // aa1 is picked for its matched attempt; its pending attempt in the other environment is not matched.
    const matched = await w.engine.deleteAttempts({ name: 'aa1' }, { attempts: { result: 'matched' }, dryRun: false, yes: true });
    expect(attempts(matched.entries)).toEqual([`aa1/${ENV}`]);
    expect(attempts(await w.store.listSelections({}))).toEqual(['aa1/other_env_00', `aa2/${ENV}`]);
    expect(attempts(await w.store.listRecomputes({}))).toEqual([`aa2/${ENV}`]);
  });

  it('keeps the matched row of a deleted original and counts it', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    const deleted = fakeRecomputeRow('aa1', { deleted: true });
    await w.store.writeRecompute(deleted, [], []);
    const result = await w.engine.deleteAttempts({}, { dryRun: false, yes: true });
    expect(result).toMatchObject({ entries: [], keptDeletedOriginals: 1 });
    expect(await w.store.listRecomputes({})).toHaveLength(1);
  });

  it('refuses a copy path outside the temp root, or one that is the original itself, before touching anything', async () => {
    const w = await world(['aa1']);
    await w.engine.attempt();
    const artefacts = [w.artefacts[0]!];
    const base = { store: w.store, artefacts, log: () => undefined };
    await expect(
      deleteAttempts({ ...base, tempRoot: w.tempDir, temporaryPath: (artefact) => artefact.path }, { dryRun: false, yes: true }),
    ).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DATA_ROOTS' });
    const ownPath = deleteAttempts(
      { ...base, tempRoot: w.recordingDir, temporaryPath: (artefact) => artefact.path },
      { dryRun: false, yes: true },
    );
    await expect(ownPath).rejects.toThrow(/is the original's own path/);
    // The `--json` error output names the path at fault.
    await expect(ownPath).rejects.toMatchObject({ code: 'INTERNAL_INVARIANT', details: { path: w.artefacts[0]!.path } });
    const copy = path.join(w.tempDir, 'copy.txt');
    mkdirSync(path.dirname(copy), { recursive: true });
    writeFileSync(copy, 'abc');
    const planned = await deleteAttempts({ ...base, tempRoot: w.tempDir, temporaryPath: () => copy });
    expect(planned.entries).toEqual([expect.objectContaining({ temporaryPath: copy, temporaryBytes: 3 })]);
    expect(await w.store.listSelections({})).toHaveLength(1);
    expect(existsSync(w.artefacts[0]!.path)).toBe(true);
  });
});
