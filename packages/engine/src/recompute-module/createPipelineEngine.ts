import type { CrashPoint } from '../engine/artefactFiles';
import { RecomputeEngine, type EngineEnvironment } from '../engine/RecomputeEngine';
import type { RecomputePipeline, RecordingKey } from '../engine/RecomputePipeline';
import type { RecomputeStore } from '../engine/RecomputeStore';
import { dataRootList, type DataRoots } from '@spyglass-recompute/nwb';

/** What every pipeline package hands over to get its engine. */
export interface PipelineEngineParts<K extends RecordingKey> {
  pipeline: RecomputePipeline<K>;
  store: RecomputeStore<K>;
  /** The one data root this pipeline's artefacts live in (v1: analysis, v0: recording). */
  artefactRoot: string;
  /** Other paths rows reference in the artefact root (see `RecomputeEngineOptions.referencedPaths`). */
  referencedPaths?: () => Promise<string[]>;
}

/**
 * The engine for a pipeline, with the confinement rule written once: a pipeline may write and
 * delete only strictly inside its own artefact root and the temp root — never raw or base, never
 * a root itself, never a path overlapping another root.
 */
export function createPipelineEngine<K extends RecordingKey>(
  context: { roots: DataRoots; environment: EngineEnvironment; now?: () => Date; log?: (message: string) => void; crashPoint?: CrashPoint },
  parts: PipelineEngineParts<K>,
): RecomputeEngine<K> {
  return new RecomputeEngine<K>({
    pipeline: parts.pipeline,
    store: parts.store,
    environment: context.environment,
    dataRoots: [parts.artefactRoot, context.roots.temp],
    tempDir: context.roots.temp,
    artefactRoot: parts.artefactRoot,
    allRoots: dataRootList(context.roots),
    ...(parts.referencedPaths ? { referencedPaths: parts.referencedPaths } : {}),
    ...(context.now ? { now: context.now } : {}),
    ...(context.log ? { log: context.log } : {}),
    ...(context.crashPoint ? { crashPoint: context.crashPoint } : {}),
  });
}
