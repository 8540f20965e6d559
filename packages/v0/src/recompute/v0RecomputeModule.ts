import { pipelineModuleSteps, type RecomputeModule, type RecomputeModuleContext } from '@spyglass-recompute/engine';
import { v0ArtefactRoot } from '../recording/recordingFolderName';
import { updateV0Ids } from '../recording/updateV0Ids';
import { createV0Engine } from './createV0Engine';
import { resolveV0Key } from './resolveV0Key';
import type { V0Key } from './V0Key';
import { V0_XFAIL_REASONS } from './v0PipelineFacts';

/**
 * The v0 module: {@link RecomputeModule} plus `resolveKey`, because a v0 KEY (the folder
 * name) can only be turned into a full key (it lacks the team) by looking it up.
 */
export interface V0RecomputeModule extends RecomputeModule<V0Key> {
  /** Resolves a folder name (or JSON key) against the database; `teamName` narrows an ambiguous name. */
  resolveKey(text: string, context: Pick<RecomputeModuleContext, 'em'>, options?: { teamName?: string }): Promise<V0Key>;
}

/** The uniform face of the v0 pipeline for front ends (the CLI's `recompute v0 ...`). */
export const v0RecomputeModule: V0RecomputeModule = {
  name: 'v0',
  filterFields: {
    'nwb-file': { column: 'nwb_file_name', type: 'string', description: 'raw NWB file name (Nwbfile.nwb_file_name)' },
    'sort-group': { column: 'sort_group_id', type: 'integer', description: 'sort group id' },
    'sort-interval': { column: 'sort_interval_name', type: 'string', description: 'v0 sort interval name' },
    params: { column: 'preproc_params_name', type: 'string', description: 'preprocessing parameter set name' },
    team: { column: 'team_name', type: 'string', description: 'lab team name' },
  },
  attemptParams: {},
  xfailReasons: V0_XFAIL_REASONS,
  artefactRoot: v0ArtefactRoot,
  jobTableName: 'spikesorting_v0__recording_recompute',
  recomputeEntityName: 'RecordingRecomputeV0',
  keyDescription:
    'the recording folder name {nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name} (or a JSON key with all five key fields)',
  resolveKey(text, context, options = {}) {
    return resolveV0Key(context.em, text, options);
  },
  createEngine: createV0Engine,
  ...pipelineModuleSteps<V0Key>({
    createEngine: createV0Engine,
    async backfillIds(context, { restriction, onProgress }) {
      const ids = await updateV0Ids(context.em, context, { restriction, ...(onProgress ? { onProgress } : {}) });
      return {
        result: ids,
        summary: [
          `updated ${ids.updated.length}, already set ${ids.alreadySet}, missing ${ids.missing.length}, failed ${ids.failed.length}`,
        ],
      };
    },
  }),
  updateIdsHelp: {
    summary: 'Backfill the hash of v0 recording folders made before the recompute upgrade, from the folders on disk.',
    description:
      'Missing folders are reported, not fatal. Then, as upstream update_secondary, every attempt row gets created_at from its folder and deleted from whether the folder exists; `secondary` reports what changed.',
  },
};
