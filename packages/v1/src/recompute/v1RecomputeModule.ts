import type { EntityManager } from '@mikro-orm/core';
import { pipelineModuleSteps, type RecomputeModule } from '@spyglass-recompute/engine';
import { DEFAULT_ROUNDING, SpikeSortingRecordingV1 } from '@spyglass-recompute/schema';
import { v1ArtefactRoot } from '../nwb/analysisFileName';
import { createV1Engine } from './createV1Engine';
import { updateV1Ids } from '../recording/updateV1Ids';
import { parseV1RecordingId } from '../recording/parseV1RecordingId';
import { V1_XFAIL_REASONS } from './v1PipelineFacts';
import { v1Errors } from '../recording/v1Errors';
import type { V1RecordingKey } from './v1TableDescriptors';

/** Key handling of the v1 module (both the synchronous parse and the database-checked resolve). */
export interface V1KeyParsing {
  /** Parses a `recording_id` uuid (any case, dashes optional). @throws `RECORDING_ID_INVALID` */
  parseKey(text: string): V1RecordingKey;
  /** Parses and checks the recording exists. @throws `RECORDING_ID_INVALID`, `RECORDING_NOT_FOUND` */
  resolveKey(text: string, context: { em: EntityManager }): Promise<V1RecordingKey>;
}

async function resolveV1Key(text: string, context: { em: EntityManager }): Promise<V1RecordingKey> {
  const key = parseV1RecordingId(text);
  const row = await context.em.fork().findOne(SpikeSortingRecordingV1, { recording_id: key.recording_id });
  if (!row) throw v1Errors.recordingUnknown(key.recording_id);
  return key;
}

/** `table_name` of the v1 RecordingRecompute populate in the jobs table. */
export const V1_JOB_TABLE_NAME = '`spikesorting_v1_recompute`.`__recording_recompute`';

/**
 * The v1 pipeline's uniform face for generic front ends (`recompute v1 versions populate |
 * attempt | run | status | diff | delete-files | fetch`).
 */
export const v1RecomputeModule: RecomputeModule<V1RecordingKey> & V1KeyParsing = {
  name: 'v1',
  filterFields: {
    'nwb-file': { column: 'nwb_file_name', type: 'string', description: 'raw NWB file name (Nwbfile.nwb_file_name)' },
    'recording-id': { column: 'recording_id', type: 'uuid', description: 'v1 recording_id (uuid)' },
    'sort-group': { column: 'sort_group_id', type: 'integer', description: 'sort group id' },
    interval: { column: 'interval_list_name', type: 'string', description: 'interval list name' },
    params: { column: 'preproc_param_name', type: 'string', description: 'preprocessing parameters name' },
    team: { column: 'team_name', type: 'string', description: 'lab team name' },
    'analysis-file': { column: 'analysis_file_name', type: 'string', description: 'analysis NWB file name' },
  },
  attemptParams: {
    rounding: {
      description: 'decimal places ProcessedElectricalSeries data are rounded to before hashing (0: none)',
      default: DEFAULT_ROUNDING,
    },
  },
  xfailReasons: V1_XFAIL_REASONS,
  artefactRoot: v1ArtefactRoot,
  jobTableName: V1_JOB_TABLE_NAME,
  recomputeEntityName: 'RecordingRecomputeV1',
  uuidKeyFields: ['recording_id'],
  keyDescription: 'v1 recording_id (uuid)',
  parseKey: parseV1RecordingId,
  resolveKey: resolveV1Key,
  createEngine: createV1Engine,
  ...pipelineModuleSteps<V1RecordingKey>({
    createEngine: createV1Engine,
    async backfillIds(context, { restriction, flags, onProgress }) {
      const ids = await updateV1Ids(context.em, context, {
        restriction,
        rehashLegacy: flags?.['rehash-legacy'] === true,
        ...(onProgress ? { onProgress } : {}),
      });
      return {
        result: ids,
        summary: [
          `updated ${ids.updated.length}, unchanged ${ids.unchanged}, missing files ${ids.missingFiles.length}, failed ${ids.failed.length}`,
          ...ids.missingFiles.map((missing) => `  missing: ${missing.recording_id} ${missing.path}`),
          ...ids.failed.map((failure) => `  failed: ${failure.recording_id}: ${failure.message}`),
        ],
      };
    },
  }),
  updateIdsHelp: {
    summary: 'Backfill hash and electrodes_id of v1 recordings made before the recompute upgrade, from the files on disk.',
    description:
      'Missing files are reported, not fatal. --rehash-legacy also recomputes hashes stored with another algorithm. ' +
      'Then, as upstream update_secondary, every attempt row gets created_at from its file and deleted from whether the file exists; `secondary` reports what changed.',
    flags: { 'rehash-legacy': 'Also re-hash rows whose stored hash used another (e.g. legacy) algorithm.' },
  },
};
