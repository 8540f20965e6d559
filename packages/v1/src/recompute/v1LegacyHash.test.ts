import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import { RecordingRecomputeV1, SpikeSortingRecordingV1, flowTestBackends } from '@spyglass-recompute/schema';
import { createV1Recording, type CreateV1RecordingResult } from '../recording/createV1Recording';
import { fetchNwb } from '../recording/fetchNwb';
import { createV1World, INTERVAL_NAME, type V1World } from '../recording/test-support/v1World';
import { V1_LEGACY_HASH_ALGORITHM } from './v1PipelineFacts';
import { v1RecomputeModule } from './v1RecomputeModule';

// Issue 18 item 8: a recording whose stored hash was made in Spyglass's legacy (metadata-only)
// mode is verified in that mode by `run` and `fetch`, without `update-ids --rehash-legacy` first.
describe.each(flowTestBackends())('v1 legacy stored hashes on %s', (backend) => {
  let world: V1World;
  let g0: CreateV1RecordingResult;
  const later = () => new Date(Date.now() + 60_000);
  const engine = () =>
    v1RecomputeModule.createEngine({ em: world.db.orm.em, roots: world.roots, environment: world.environment, now: later });
  const context = () => ({ roots: world.roots, environment: world.environment });
  const storeHash = (hash: string) =>
    world.db.orm.em
      .fork()
      .nativeUpdate(SpikeSortingRecordingV1, { recording_id: g0.recording_id }, { hash, hash_algorithm: V1_LEGACY_HASH_ALGORITHM });

  beforeAll(async () => {
    world = await createV1World(backend, 'short');
    g0 = await createV1Recording(
      world.db.orm.em,
      { roots: world.roots, environment: world.environment },
      { nwbFileName: world.nwbFileName, sortGroupId: 0, intervalListName: INTERVAL_NAME },
    );
  }, 120_000);
  afterAll(async () => world?.close());

  it('run matches a legacy-hashed recording (compared in legacy mode); delete then fetch regenerates and verifies it in that mode', async () => {
    const key = { recording_id: g0.recording_id };
    const legacy = (await hashNwbFile(g0.path, { legacy: true })).hash;
    expect(legacy).not.toBe(g0.hash);
    await storeHash(legacy);

    await engine().attempt(key, { params: { rounding: 6 } });
    const run = await engine().populate(key);
    expect(run.counts).toMatchObject({ matched: 1, error: 0, mismatched: 0 });
    const rows = await world.db.orm.em.fork().find(RecordingRecomputeV1, { recording_id: g0.recording_id, rounding: 6 });
    expect(rows.map((row) => ({ matched: Boolean(row.matched), err_msg: row.err_msg ?? null }))).toEqual([
      { matched: true, err_msg: null },
    ]);

    await engine().deleteFiles(key, { olderThanDays: 0, dryRun: false, yes: true });
    expect(existsSync(g0.path)).toBe(false);
    expect(await fetchNwb(world.db.orm.em, key, context())).toEqual({ path: g0.path, regenerated: true, hash: legacy });
    expect((await hashNwbFile(g0.path, { legacy: true })).hash).toBe(legacy);
    expect(await world.db.orm.em.fork().findOneOrFail(SpikeSortingRecordingV1, { recording_id: g0.recording_id })).toMatchObject({
      hash: legacy,
      hash_algorithm: V1_LEGACY_HASH_ALGORITHM,
    });
  }, 180_000);

  it('a legacy stored hash the regenerated file does not have is still refused (exit 4), leaving no file', async () => {
    const key = { recording_id: g0.recording_id };
    await storeHash('0123456789abcdef0123456789abcdef');
    rmSync(g0.path);
    await expect(fetchNwb(world.db.orm.em, key, context())).rejects.toMatchObject({ code: 'REGENERATED_HASH_MISMATCH', exitCode: 4 });
    expect(existsSync(g0.path)).toBe(false);
    expect(readdirSync(path.dirname(g0.path)).filter((name) => name.includes(path.basename(g0.path, '.nwb')))).toEqual([]);
  }, 180_000);
});
