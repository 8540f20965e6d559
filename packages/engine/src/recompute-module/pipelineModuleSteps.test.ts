import type { RecomputeEngine } from '../engine/RecomputeEngine';
import type { RecomputeModuleContext } from './RecomputeModule';
import { pipelineModuleSteps } from './pipelineModuleSteps';

type Key = { id: string };

/** An engine that records which of the two steps ran, in order. */
function fakeEngine(calls: string[]): RecomputeEngine<Key> {
  return {
    ensureArtefact: async (key: Key, options: object) => {
      calls.push(`ensureArtefact ${key.id} ${JSON.stringify(options)}`);
      return { path: `/analysis/${key.id}.nwb`, regenerated: false };
    },
    updateSecondary: async (restriction: object) => {
      calls.push(`updateSecondary ${JSON.stringify(restriction)}`);
      return { checked: 2, changed: [] };
    },
  } as unknown as RecomputeEngine<Key>;
}

const context = {} as RecomputeModuleContext;

describe('pipelineModuleSteps', () => {
  it('fetch is the engine’s ensureArtefact', async () => {
    const calls: string[] = [];
    const steps = pipelineModuleSteps<Key>({
      createEngine: () => fakeEngine(calls),
      backfillIds: async () => ({ result: {}, summary: [] }),
    });
    expect(await steps.fetch(context, { id: 'a' }, { skipVerify: true } as never)).toEqual({ path: '/analysis/a.nwb', regenerated: false });
    expect(await steps.fetch(context, { id: 'b' })).toEqual({ path: '/analysis/b.nwb', regenerated: false });
    expect(calls).toEqual(['ensureArtefact a {"skipVerify":true}', 'ensureArtefact b {}']);
  });

  it('updateIds runs the backfill, then update_secondary over the same restriction, and adds its result', async () => {
    const calls: string[] = [];
    const onProgress = jest.fn();
    const steps = pipelineModuleSteps<Key>({
      createEngine: () => fakeEngine(calls),
      backfillIds: async (_context, options) => {
        calls.push(`backfill ${JSON.stringify(options.restriction)} ${JSON.stringify(options.flags)}`);
        options.onProgress?.(1, 1);
        return { result: { updated: ['a'] }, summary: ['updated 1'] };
      },
    });
    const report = await steps.updateIds(context, {
      restriction: { nwb_file_name: 'rat01_.nwb' },
      flags: { 'rehash-legacy': true },
      onProgress,
    });
    expect(calls).toEqual([
      'backfill {"nwb_file_name":"rat01_.nwb"} {"rehash-legacy":true}',
      'updateSecondary {"nwb_file_name":"rat01_.nwb"}',
    ]);
    expect(onProgress).toHaveBeenCalledWith(1, 1);
    expect(report).toEqual({ result: { updated: ['a'], secondary: { checked: 2, changed: [] } }, summary: ['updated 1'] });
  });

  it('updateIds without a restriction covers every recording ({}) in both steps', async () => {
    const calls: string[] = [];
    const steps = pipelineModuleSteps<Key>({
      createEngine: () => fakeEngine(calls),
      backfillIds: async (_context, options) => {
        calls.push(`backfill ${JSON.stringify(options.restriction)}`);
        return { result: {}, summary: [] };
      },
    });
    await steps.updateIds(context);
    expect(calls).toEqual(['backfill {}', 'updateSecondary {}']);
  });
});
