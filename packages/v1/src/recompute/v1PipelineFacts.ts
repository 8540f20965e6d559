import type { PipelineFacts } from '@spyglass-recompute/engine';
import { DEFAULT_ROUNDING } from '@spyglass-recompute/schema';
import type { V1RecordingKey } from './v1TableDescriptors';

/** Logical schema of the v1 recompute tables; regenerated copies go to `{temp}/{schema}/{env_id}/`. */
export const V1_RECOMPUTE_SCHEMA = 'spikesorting_v1_recompute';

/** Algorithm id stored next to v1 hashes. */
export const V1_HASH_ALGORITHM = 'spyglass-nwb';

/** Algorithm id of Spyglass's legacy (metadata-only) NWB hash, as stored next to such hashes. */
export const V1_LEGACY_HASH_ALGORITHM = 'spyglass-nwb-legacy';

/**
 * The v1 expected-failure reasons (`xfail_reason` is `{code}: {detail}`), named after upstream's
 * `_check_xfail` patterns where one exists; `attempt --skip-xfail` takes these codes.
 */
export const V1_XFAIL_REASONS = {
  nwb_spec_incompatible: 'the file uses NWB namespace versions this generator does not write (upstream nwb_spec_incompatible)',
  missing_selection: 'no SpikeSortingRecordingSelection row for the recording',
  missing_probe_info: 'the session has no probe rows (upstream missing_probe_info)',
  invalid_inputs: 'the recording inputs (sort group, interval, parameters) cannot be loaded',
  padlen: 'a segment is too short to filter (scipy padlen), seen in a previous attempt',
} as const;

/**
 * What the engine knows of the v1 pipeline before a step runs. The {@link V1RecomputePipeline}
 * takes its own values from here, so the engine of `status` (which never loads the pipeline,
 * see `deferredPipeline`) and the one of `run` agree.
 */
export const V1_PIPELINE_FACTS: PipelineFacts<V1RecordingKey> = {
  schema: V1_RECOMPUTE_SCHEMA,
  defaultParams: Object.freeze({ rounding: DEFAULT_ROUNDING }),
  xfailReasons: V1_XFAIL_REASONS,
};
