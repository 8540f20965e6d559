import { rmSync, utimesSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createFakeWorld, type FakeWorld } from './test-support/createFakeWorld';
import { fakeRecomputeRow } from './test-support/fakeRecomputeRow';

/*
 * update_secondary's edges: which created_at it writes when the original is gone, and when a
 * stored created_at counts as the same time as the file's (datetime columns keep whole seconds).
 */
const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

const row = fakeRecomputeRow;

describe('updateSecondary', () => {
  it('a gone original keeps a known created_at, and a NULL one becomes now; both are flagged deleted', async () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const known = new Date('2026-01-01T00:00:00Z');
    const w = await createFakeWorld({ names: ['aa1', 'aa2'], now: () => now });
    worlds.push(w);
    await w.store.writeRecompute(row('aa1', { createdAt: known }), [], []);
    await w.store.writeRecompute(row('aa2', {}), [], []);
    for (const artefact of w.artefacts) rmSync(artefact.path);
    const result = await w.engine.updateSecondary();
    expect(result.changed).toEqual([
      { recording: { name: 'aa1' }, envId: 'tester_default_00', params: { rounding: 4 }, deleted: { from: false, to: true } },
      {
        recording: { name: 'aa2' },
        envId: 'tester_default_00',
        params: { rounding: 4 },
        createdAt: { from: null, to: now },
        deleted: { from: false, to: true },
      },
    ]);
    expect((await w.store.listRecomputes({})).map((r) => [r.createdAt, r.deleted])).toEqual([
      [known, true],
      [now, true],
    ]);
  });

  it('a stored created_at less than a second from the mtime is the same; a second or more apart is rewritten', async () => {
    const w = await createFakeWorld({ names: ['aa1', 'aa2'] });
    worlds.push(w);
    const mtime = new Date('2026-02-01T10:00:00.000Z');
    for (const artefact of w.artefacts) utimesSync(artefact.path, mtime, mtime);
    await w.store.writeRecompute(row('aa1', { createdAt: new Date(mtime.getTime() + 999) }), [], []);
    await w.store.writeRecompute(row('aa2', { createdAt: new Date(mtime.getTime() - 1000) }), [], []);
    const result = await w.engine.updateSecondary();
    expect(result.checked).toBe(2);
    expect(result.changed).toEqual([
      expect.objectContaining({ recording: { name: 'aa2' }, createdAt: { from: new Date(mtime.getTime() - 1000), to: mtime } }),
    ]);
    expect(result.changed[0]).not.toHaveProperty('deleted');
  });

  it('a restriction checks and changes the rows of the restricted recordings only', async () => {
    const w = await createFakeWorld({ names: ['aa1', 'aa2'] });
    worlds.push(w);
    await w.store.writeRecompute(row('aa1'), [], []);
    await w.store.writeRecompute(row('aa2'), [], []);
    const result = await w.engine.updateSecondary({ name: 'aa1' });
    // aa2's row would change too (its created_at is NULL), but it is not restricted: not even checked.
    expect(result).toEqual({ checked: 1, changed: [expect.objectContaining({ recording: { name: 'aa1' } })] });
    expect((await w.store.listRecomputes({})).map((r) => [r.recording.name, r.createdAt === null])).toEqual([
      ['aa1', false],
      ['aa2', true],
    ]);
  });
});
