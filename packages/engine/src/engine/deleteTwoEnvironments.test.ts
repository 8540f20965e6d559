import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { RecomputeRow } from './RecomputeStore';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import type { FakeKey } from './test-support/FakePipeline';

/*
 * delete-files for a recording matched in more than one environment or at more than one rounding:
 * every matched row is flagged, the regenerated copies of every environment go with the original,
 * and the entry reports the earliest creation time. With a flagged row of an interrupted run
 * next to unflagged ones, the resumed deletion still flags the unflagged rows.
 */
const ENV = 'tester_default_00';
const OTHER_ENV = 'other_env_00';
const DAY = 86_400_000;

const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

async function world(names: string[]): Promise<FakeWorld> {
  const made = await createFakeWorld({ names });
  worlds.push(made);
  return made;
}

function matchedRow(name: string, envId: string, rounding: number, createdAt: Date | null, deleted = false): RecomputeRow<FakeKey> {
  return { recording: { name }, envId, params: { rounding }, matched: true, errMsg: null, createdAt, deleted };
}

/** A leftover regenerated copy of `envId` for the world's first artefact. */
function leaveCopy(w: FakeWorld, envId: string): string {
  const copy = w.engine.temporaryPath(w.artefacts[0]!, envId);
  mkdirSync(path.dirname(copy), { recursive: true });
  writeFileSync(copy, 'copy');
  return copy;
}

describe('delete-files of a recording matched in two environments', () => {
  it('flags every matched row, removes the copies of both environments, reports the earliest created_at', async () => {
    const w = await world(['aa1']);
    // Listed in this order: the earliest is neither first nor last, nor first as text ("Fri" < "Mon" < "Wed").
    const dates = [new Date('2026-01-07T00:00:00Z'), new Date('2026-01-05T00:00:00Z'), new Date('2026-01-09T00:00:00Z')];
    await w.store.writeRecompute(matchedRow('aa1', ENV, 6, dates[0]!), [], []);
    await w.store.writeRecompute(matchedRow('aa1', OTHER_ENV, 4, dates[1]!), [], []);
    await w.store.writeRecompute(matchedRow('aa1', ENV, 4, dates[2]!), [], []);
    const copies = [leaveCopy(w, ENV), leaveCopy(w, OTHER_ENV)];

    const plan = await w.engine.deleteFiles({}, { olderThanDays: 0 });
    expect(plan.entries).toHaveLength(1);
    expect(plan.entries[0]!.createdAt).toEqual(dates[1]);
    expect([...plan.entries[0]!.temporaryPaths].sort()).toEqual([...copies].sort());

    await w.engine.deleteFiles({}, { dryRun: false, yes: true, olderThanDays: 0 });
    expect((await w.store.listRecomputes({})).map((row) => row.deleted)).toEqual([true, true, true]);
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
    for (const copy of copies) expect(existsSync(copy)).toBe(false);
  });

  it('resuming an interrupted deletion (one row flagged, file still there) flags the other rows and removes every copy', async () => {
    const w = await world(['aa1']);
    const old = new Date(Date.now() - 30 * DAY);
    const older = new Date(Date.now() - 40 * DAY);
    // The other environment's row was flagged by a run killed before its unlink; ours is not flagged yet.
    await w.store.writeRecompute(matchedRow('aa1', OTHER_ENV, 4, older, true), [], []);
    await w.store.writeRecompute(matchedRow('aa1', ENV, 4, old), [], []);
    const copies = [leaveCopy(w, ENV), leaveCopy(w, OTHER_ENV)];

    const plan = await w.engine.deleteFiles({});
    expect(plan.entries).toEqual([
      expect.objectContaining({ resumed: true, alreadyMissing: false, createdAt: old, recording: { name: 'aa1' } }),
    ]);
    expect([...plan.entries[0]!.temporaryPaths].sort()).toEqual([...copies].sort());

    await w.engine.deleteFiles({}, { dryRun: false, yes: true });
    const rows = await w.store.listRecomputes({});
    expect(rows.map((row) => [row.envId, row.deleted])).toEqual([
      [OTHER_ENV, true],
      [ENV, true],
    ]);
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
    for (const copy of copies) expect(existsSync(copy)).toBe(false);
  });

  it('a resumed recording whose only other row is too recent is still finished, that row flagged too', async () => {
    const w = await world(['aa1']);
    await w.store.writeRecompute(matchedRow('aa1', OTHER_ENV, 4, new Date(Date.now() - 30 * DAY), true), [], []);
    await w.store.writeRecompute(matchedRow('aa1', ENV, 4, new Date()), [], []);
    const result = await w.engine.deleteFiles({}, { dryRun: false, yes: true });
    expect(result.tooRecent).toBe(0);
    expect(result.entries.map((entry) => entry.resumed)).toEqual([true]);
    expect((await w.store.listRecomputes({})).every((row) => row.deleted)).toBe(true);
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
  });
});
