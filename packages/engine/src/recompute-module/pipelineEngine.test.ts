import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dataRootsUnder } from '@spyglass-recompute/nwb';
import { InMemoryRecomputeStore } from '../engine/InMemoryRecomputeStore';
import { createFakeWorld, fakeEnvironment, type FakeWorld } from '../engine/test-support/createFakeWorld';
import type { FakeKey } from '../engine/test-support/FakePipeline';
import { createPipelineEngine } from './createPipelineEngine';

/*
 * The engine every pipeline package gets: confined to its own artefact root and the temp root,
 * with the context's clock, log and crash seam and the pipeline's referenced paths passed through.
 */
const DAY = 86_400_000;
const worlds: FakeWorld[] = [];
afterAll(async () => {
  for (const world of worlds) await rm(world.base, { recursive: true, force: true });
});

describe('createPipelineEngine', () => {
  it('passes the clock, the log, the crash seam and the referenced paths through', async () => {
    const w = await createFakeWorld({ names: ['aa1'] });
    worlds.push(w);
    const roots = dataRootsUnder(w.base);
    const messages: string[] = [];
    const points: string[] = [];
    const referenced = path.join(roots.recording, 'aa', 'extra.nwb');
    writeFileSync(referenced, 'x');
    writeFileSync(path.join(roots.recording, 'aa', 'stray.nwb'), 'y');
    let clock = Date.now();
    const engine = createPipelineEngine(
      {
        roots,
        environment: { envId: 'tester_default_00', snapshot: fakeEnvironment() },
        now: () => new Date(clock),
        log: (message) => messages.push(message),
        crashPoint: (point) => {
          points.push(point);
        },
      },
      { pipeline: w.pipeline, store: w.store, artefactRoot: roots.recording, referencedPaths: async () => [referenced] },
    );
    await engine.attempt();
    await engine.populate();
    expect(messages).toEqual([`match: ${w.artefacts[0]!.relativePath}`]);
    expect((await engine.cleanup()).untracked.map((entry) => path.basename(entry.path))).toEqual(['stray.nwb']);
    expect((await engine.deleteFiles({})).tooRecent).toBe(1);
    clock += 8 * DAY;
    const deleted = await engine.deleteFiles({}, { dryRun: false, yes: true });
    expect(deleted.entries).toHaveLength(1);
    expect(points).toEqual(['delete:flagged', 'delete:moved-to-trash']);
    expect(existsSync(w.artefacts[0]!.path)).toBe(false);
  });

  it('names its own artefact root and the temp root when every original to delete is already missing', async () => {
    const w = await createFakeWorld({ names: ['aa1', 'aa2', 'aa3'] });
    worlds.push(w);
    const roots = dataRootsUnder(w.base);
    let clock = Date.now();
    const engine = createPipelineEngine(
      { roots, environment: { envId: 'tester_default_00', snapshot: fakeEnvironment() }, now: () => new Date(clock) },
      { pipeline: w.pipeline, store: w.store, artefactRoot: roots.recording },
    );
    await engine.attempt();
    await engine.populate();
    for (const artefact of w.artefacts) await rm(artefact.path, { recursive: true, force: true });
    clock += 8 * DAY;
    await expect(engine.deleteFiles({}, { dryRun: false, yes: true })).rejects.toMatchObject({
      code: 'ORIGINALS_ALL_MISSING',
      details: { count: 3, roots: [roots.recording, roots.temp] },
    });
  });

  it("refuses to touch a stored path outside the pipeline's artefact root, even inside another data root", async () => {
    const w = await createFakeWorld({ names: ['aa1'] });
    worlds.push(w);
    const roots = dataRootsUnder(w.base);
    const store = new InMemoryRecomputeStore<FakeKey>();
    const inRaw = path.join(roots.raw, 'aa1.txt');
    mkdirSync(roots.raw, { recursive: true });
    writeFileSync(inRaw, 'raw data');
    store.addArtefact({ ...w.artefacts[0]!, path: inRaw });
    await store.writeRecompute(
      {
        recording: { name: 'aa1' },
        envId: 'tester_default_00',
        params: { rounding: 4 },
        matched: true,
        errMsg: null,
        createdAt: new Date(0),
        deleted: false,
      },
      [],
      [],
    );
    const engine = createPipelineEngine(
      { roots, environment: { envId: 'tester_default_00', snapshot: fakeEnvironment() } },
      { pipeline: w.pipeline, store, artefactRoot: roots.recording },
    );
    await expect(engine.deleteFiles({}, { dryRun: false, yes: true })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_DATA_ROOTS' });
    expect(existsSync(inRaw)).toBe(true);
  });
});
