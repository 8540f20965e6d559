import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { hostId, temporarySibling } from '@spyglass-recompute/nwb';
import type { RecomputeRow } from './RecomputeStore';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import type { FakeKey } from './test-support/FakePipeline';

/*
 * delete-files across recordings and after a kill: each recording's entry lists only its own
 * regenerated copies, and a rerun removes a dead process's `.deleting-` folder with the rest.
 */
const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';
const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

const matched = (name: string, envId: string, deleted = false): RecomputeRow<FakeKey> => ({
  recording: { name },
  envId,
  params: { rounding: 4 },
  matched: true,
  errMsg: null,
  createdAt: new Date(0),
  deleted,
});

describe('delete-files entries', () => {
  it("list the copies of the environments their own recording matched in, not other recordings' environments", async () => {
    const w = await createFakeWorld({ names: ['aa1', 'bb1'] });
    worlds.push(w);
    await w.store.writeRecompute(matched('aa1', ENV), [], []);
    await w.store.writeRecompute(matched('bb1', OTHER_ENV), [], []);
    const plan = await w.engine.deleteFiles({});
    expect(Object.fromEntries(plan.entries.map((entry) => [entry.recording.name, entry.temporaryPaths]))).toEqual({
      aa1: [w.engine.temporaryPath(w.artefacts[0]!, ENV)],
      bb1: [w.engine.temporaryPath(w.artefacts[1]!, OTHER_ENV)],
    });
  });

  it("a rerun after a kill during the move to trash removes the dead process's trash folder", async () => {
    const w = await createFakeWorld({ names: ['aa1'], kind: 'folder' });
    worlds.push(w);
    await w.store.writeRecompute(matched('aa1', ENV, true), [], []);
    const dead = { hostId: hostId(), pid: spawnSync(process.execPath, ['-e', '']).pid as number };
    const trash = temporarySibling(w.artefacts[0]!.path, 'deleting', dead);
    renameSync(w.artefacts[0]!.path, trash);
    mkdirSync(path.join(trash, 'nested'));
    writeFileSync(path.join(trash, 'nested', 'part'), 'x');
    const result = await w.engine.deleteFiles({}, { dryRun: false, yes: true });
    expect(result.entries).toEqual([expect.objectContaining({ resumed: true, trashPaths: [trash], alreadyMissing: false })]);
    expect(existsSync(trash)).toBe(false);
    expect(readdirSync(path.dirname(trash))).toEqual([]);
  });
});
