import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addInterval, ingestRawNwb, setSortGroup } from '@spyglass-recompute/common';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { AnalysisNwbfile, SpikeSortingRecordingV1, flowTestBackends } from '@spyglass-recompute/schema';
import { createV1Engine } from '../recompute/createV1Engine';
import { createV1Recording } from './createV1Recording';
import { createV1World, INTERVAL_NAME, type V1World } from './test-support/v1World';

/** Every entry below `dir` with its size and mtime: equal snapshots mean nothing was touched. */
function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const info = statSync(path.join(dir, entry));
    out[entry] = `${info.isDirectory() ? 'dir' : info.size}@${info.mtimeMs}`;
  }
  return out;
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; exitCode: number; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!isRecomputeError(error)) throw error;
    return { code: error.code, exitCode: error.exitCode, message: error.message, details: error.details };
  }
  throw new Error('expected a typed error');
}

// Issue 12 §1: v1 refused `..evil_.nwb` as "outside the roots" while v0 accepted it; `.._.nwb`
// names the analysis folder `..` (Spyglass's folder is the file name up to its last underscore).
describe.each(flowTestBackends())('v1 names never become unsafe paths (%s)', (backend) => {
  let world: V1World;
  beforeAll(async () => {
    world = await createV1World(backend, 'short');
    for (const name of ['..evil_.nwb', '.._.nwb']) {
      const staged = path.join(world.roots.base, 'incoming', name);
      copyFileSync(world.rawPath, staged);
      await ingestRawNwb(world.db.orm.em, { rawPath: staged, roots: world.roots });
      const group = (world.golden.sort_groups as Record<string, { electrodes: number[]; ref: number }>)['0'] as {
        electrodes: number[];
        ref: number;
      };
      await setSortGroup(world.db.orm.em, 'v1', {
        nwbFileName: name,
        sortGroupId: 0,
        electrodeIds: group.electrodes,
        referenceId: group.ref,
      });
      const [start, end] = (world.golden.sort_interval as string[]).map(Number) as [number, number];
      await addInterval(world.db.orm.em, { nwbFileName: name, name: INTERVAL_NAME, start, end });
    }
  }, 120_000);
  afterAll(async () => world?.close());
  const context = () => ({ roots: world.roots, environment: world.environment, workers: 0 });

  test('`.._.nwb` would put its analysis file in the folder ".." (the base dir): UNSAFE_NAME naming --nwb-file, nothing written', async () => {
    const before = treeSnapshot(world.roots.base);
    const error = await errorOf(
      createV1Recording(world.db.orm.em, context(), { nwbFileName: '.._.nwb', sortGroupId: 0, intervalListName: INTERVAL_NAME }),
    );
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', exitCode: 2, details: { flag: '--nwb-file', character: '..' } });
    expect(treeSnapshot(world.roots.base)).toEqual(before);
    expect(await world.db.orm.em.fork().count(SpikeSortingRecordingV1, {})).toBe(0);
  });

  test('a raw file name with a slash (stored by another tool) is refused before anything is read', async () => {
    const error = await errorOf(
      createV1Recording(world.db.orm.em, context(), { nwbFileName: 'x/../../raw_.nwb', sortGroupId: 0, intervalListName: INTERVAL_NAME }),
    );
    expect(error).toMatchObject({ code: 'UNSAFE_NAME', details: { flag: '--nwb-file', character: '/' } });
  });

  test('`..evil_.nwb` is an ordinary name: its file goes to analysis/..evil/', async () => {
    const created = await createV1Recording(world.db.orm.em, context(), {
      nwbFileName: '..evil_.nwb',
      sortGroupId: 0,
      intervalListName: INTERVAL_NAME,
    });
    expect(path.dirname(created.path)).toBe(path.join(world.roots.analysis, '..evil'));
    expect(existsSync(created.path)).toBe(true);
  });

  test('cleanup lists only analysis files no AnalysisNwbfile row references (other Spyglass analysis files are tracked)', async () => {
    const sorting = path.join(world.roots.analysis, 'oracle_raw', 'oracle_rawSORTING00.nwb');
    mkdirSync(path.dirname(sorting), { recursive: true });
    writeFileSync(sorting, 'a spike sorting analysis file');
    await world.db.orm.em.fork().insert(AnalysisNwbfile, {
      analysis_file_name: 'oracle_rawSORTING00.nwb',
      analysis_file_abs_path: sorting,
      analysis_parent_nwb_file_name: world.nwbFileName,
      analysis_file_description: '',
    });
    const stray = path.join(world.roots.analysis, 'oracle_raw', 'oracle_rawSTRAY00000.nwb');
    writeFileSync(stray, 'left by a creation killed before its rows were committed');
    const result = await createV1Engine({ ...context(), em: world.db.orm.em }).cleanup();
    expect(result).toMatchObject({ dryRun: true, residue: [], untrackedRemoved: false });
    expect(result.untracked.map((entry) => entry.path)).toEqual([stray]);
    expect(existsSync(stray)).toBe(true);
  });
});
