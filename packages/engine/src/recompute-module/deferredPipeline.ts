import type { RecomputePipeline, RecordingKey } from '../engine/RecomputePipeline';

/**
 * What an engine reads of its pipeline before any step runs (the temp subtree and lock
 * directory are named after `schema`), known without loading the pipeline's implementation.
 */
export type PipelineFacts<K extends RecordingKey> = Pick<RecomputePipeline<K>, 'schema' | 'defaultParams' | 'xfailReasons'>;

/**
 * A pipeline whose implementation is loaded on first use of a step. A pipeline's steps pull in
 * its writer, the preprocessing package and the NWB/HDF5 readers (hundreds of modules, a tenth
 * of a second of start-up); the read-only commands (`status`, `list`, `show`, `diff`) build an
 * engine but never call a step, so they should not pay for loading them (issue 15).
 *
 * Every step is a getter that returns the loaded pipeline's own member (bound), so an optional
 * step the implementation lacks (`hashAsStored`, `supersedes`, ...) is absent here too, exactly
 * as the engine would see the implementation itself. `facts` must be the implementation's own
 * values (the pipeline packages test that they are).
 */
export function deferredPipeline<K extends RecordingKey>(facts: PipelineFacts<K>, load: () => RecomputePipeline<K>): RecomputePipeline<K> {
  let loaded: RecomputePipeline<K> | undefined;
  const deferred = {
    schema: facts.schema,
    defaultParams: facts.defaultParams,
    ...(facts.xfailReasons !== undefined ? { xfailReasons: facts.xfailReasons } : {}),
  };
  for (const name of Object.keys(PIPELINE_STEPS)) {
    Object.defineProperty(deferred, name, {
      enumerable: true,
      get: () => {
        const pipeline = (loaded ??= load());
        const member: unknown = pipeline[name as PipelineStep];
        return typeof member === 'function' ? member.bind(pipeline) : member;
      },
    });
  }
  return deferred as RecomputePipeline<K>;
}

type PipelineStep = Exclude<keyof RecomputePipeline<RecordingKey>, keyof PipelineFacts<RecordingKey>>;

/** Every step of {@link RecomputePipeline} (typed: a step added to the interface must be listed). */
const PIPELINE_STEPS: Readonly<Record<PipelineStep, true>> = {
  readVersions: true,
  environmentMismatch: true,
  expectedFailure: true,
  regenerate: true,
  hash: true,
  hashAsStored: true,
  compare: true,
  supersedes: true,
};
