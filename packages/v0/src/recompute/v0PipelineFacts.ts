import type { PipelineFacts } from '@spyglass-recompute/engine';
import type { V0Key } from './V0Key';

/** Logical schema of the v0 recompute tables; regenerated copies go under `{temp}/{schema}/{env_id}/`. */
export const V0_RECOMPUTE_SCHEMA = 'spikesorting_recompute_v0';

/**
 * The v0 expected-failure reasons (`xfail_reason` is `{code}: {detail}`), named after upstream's
 * `_check_xfail` switches (`skip_si094`, `skip_low_sr`, `skip_padlen`); `attempt --skip-xfail` takes these codes.
 */
export const V0_XFAIL_REASONS = {
  folder_invalid: 'the recording folder is missing or unreadable',
  si094: 'written by spikeinterface 0.94, known not reproducible (upstream skip_si094)',
  low_sr: 'freq_max is at or above the Nyquist frequency of the sampling rate (upstream skip_low_sr)',
  padlen: 'a segment is shorter than the filter padding (scipy padlen; upstream skip_padlen)',
} as const;

/**
 * What the engine knows of the v0 pipeline before a step runs. The {@link V0RecomputePipeline}
 * takes its own values from here, so the engine of `status` (which never loads the pipeline,
 * see `deferredPipeline`) and the one of `run` agree.
 */
export const V0_PIPELINE_FACTS: PipelineFacts<V0Key> = {
  schema: V0_RECOMPUTE_SCHEMA,
  defaultParams: Object.freeze({}),
  xfailReasons: V0_XFAIL_REASONS,
};
