import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeSyntheticRawNwb } from '@spyglass-recompute/common';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { IntervalList, SpikeSortingRecordingV0, flowTestBackends } from '@spyglass-recompute/schema';
import { createV0Recording } from './createV0Recording';
import { loadV0RecordingSpec } from './loadV0RecordingSpec';
import { recordingFolderName } from './recordingFolderName';
import { createV0World, defineV0Recording, ingestRaw, type V0World } from './test-support/v0World';
import { writeV0Folder } from './writeV0Folder';

// Issue 12: "the writer must never move aside or delete an existing target that no row owns", and a
// creation killed after its folder was put in place (before its rows were committed) must rerun
// to the uninterrupted result.
describe.each(flowTestBackends())('v0 recording create over a folder no row owns (%s)', (backend) => {
  let world: V0World;
  const key = {
    nwb_file_name: 'resume_.nwb',
    sort_group_id: 0,
    sort_interval_name: 'demo',
    preproc_params_name: 'default',
    team_name: 'default',
  };
  const folder = () => path.join(world.roots.recording, recordingFolderName(key));
  beforeAll(async () => {
    world = await createV0World(backend);
    const raw = path.join(world.dir, 'incoming', key.nwb_file_name);
    await mkdir(path.dirname(raw), { recursive: true });
    await writeSyntheticRawNwb({ filePath: raw, durationSeconds: 1, tetrodes: 1, seed: 9 });
    await ingestRaw(world, raw);
    const valid = await world.db.orm.em
      .fork()
      .findOneOrFail(IntervalList, { nwb_file_name: key.nwb_file_name, interval_list_name: 'raw data valid times' });
    const [start, end] = (valid.valid_times as [number, number][])[0] as [number, number];
    await defineV0Recording(world, {
      nwbFileName: key.nwb_file_name,
      sortGroupId: 0,
      electrodeIds: [0, 1, 2],
      referenceId: 3,
      sortIntervalName: 'demo',
      start: start + 0.05,
      end: end - 0.05,
    });
  });
  afterAll(async () => world?.close());
  const create = () =>
    createV0Recording(world.db.orm.em, world.ctx, { nwbFileName: key.nwb_file_name, sortGroupId: 0, sortIntervalName: 'demo' });

  test('a different folder at the recording path is refused (V0_FOLDER_UNTRACKED, exit 2) and left untouched', async () => {
    await mkdir(folder());
    await writeFile(path.join(folder(), 'mine.txt'), 'a user file');
    let error: unknown;
    await create().catch((caught: unknown) => (error = caught));
    expect(isRecomputeError(error) && { code: error.code, exitCode: error.exitCode }).toEqual({ code: 'V0_FOLDER_UNTRACKED', exitCode: 2 });
    expect(await readdir(folder())).toEqual(['mine.txt']);
    expect(await readFile(path.join(folder(), 'mine.txt'), 'utf8')).toBe('a user file');
    expect(await readdir(world.roots.recording)).toEqual([path.basename(folder())]);
    expect(await world.db.orm.em.fork().count(SpikeSortingRecordingV0, {})).toBe(0);
    await (await import('node:fs/promises')).rm(folder(), { recursive: true });
  });

  test('the identical folder of a creation killed before its rows were committed is adopted, not rewritten', async () => {
    const spec = await loadV0RecordingSpec(world.db.orm.em, key, { roots: world.roots });
    await writeV0Folder(spec, folder(), { workers: 0 });
    const before = (await stat(folder())).mtimeMs;
    const created = await create();
    expect(created).toMatchObject({ created: true, recording_path: folder() });
    expect((await stat(folder())).mtimeMs).toBe(before);
    expect(await readdir(world.roots.recording)).toEqual([path.basename(folder())]);
    const row = await world.db.orm.em.fork().findOneOrFail(SpikeSortingRecordingV0, { ...key });
    expect(row.hash).toBe(created.hash);
  });
});
