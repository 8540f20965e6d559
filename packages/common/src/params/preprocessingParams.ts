import type { EntityManager } from '@mikro-orm/core';
import { assertSafePathComponent } from '@spyglass-recompute/nwb';
import { canonicalJson } from '@spyglass-recompute/engine';
import { SpikeSortingPreprocessingParametersV0, SpikeSortingPreprocessingParametersV1 } from '@spyglass-recompute/schema';
import { commonErrors } from '../ingest/commonErrors';

/** Which Spyglass spike-sorting pipeline's tables an operation writes. */
export type SpikeSortingPipeline = 'v0' | 'v1';

/** Name of the parameter set Spyglass inserts by default. */
export const DEFAULT_PREPROC_PARAMS_NAME = 'default';

/**
 * Spyglass's `default` preprocessing parameters, per pipeline, with its JSON keys: v0
 * (`SpikeSortingPreprocessingParameters.insert_default`) has no `min_segment_length`; v1
 * (`spikesorting.v1.recording`) adds `min_segment_length: 1` (seconds).
 */
export function defaultPreprocessingParams(pipeline: SpikeSortingPipeline): Record<string, number> {
  const common = { frequency_min: 300, frequency_max: 6000, margin_ms: 5, seed: 0 };
  return pipeline === 'v0' ? common : { ...common, min_segment_length: 1 };
}

/** Arguments of {@link addPreprocessingParams}. */
export interface PreprocessingParamsInput {
  name: string;
  /** High-pass corner (Hz). */
  frequencyMin: number;
  /** Low-pass corner (Hz). */
  frequencyMax: number;
  /** Filter margin (ms). @default 5 */
  marginMs?: number;
  /** Whitening seed. @default 0 */
  seed?: number;
  /** Pieces of the sort interval not longer than this (s) are dropped. @default v1: 1; v0: not stored */
  minSegmentLength?: number;
}

/** Outcome of {@link addPreprocessingParams}. */
export interface AddPreprocessingParamsResult {
  pipeline: SpikeSortingPipeline;
  name: string;
  params: Record<string, number>;
  /** False when an identical row already existed. */
  inserted: boolean;
}

const NAME_LENGTH: Record<SpikeSortingPipeline, number> = { v0: 32, v1: 200 };

/** The params JSON a row would store (validated). */
export function buildPreprocessingParams(pipeline: SpikeSortingPipeline, input: PreprocessingParamsInput): Record<string, number> {
  const { name, frequencyMin, frequencyMax, marginMs = 5, seed = 0 } = input;
  const bad = (reason: string) => commonErrors.paramsInvalid(name, reason);
  if (!name || name.length > NAME_LENGTH[pipeline]) throw bad(`the name must have 1 to ${NAME_LENGTH[pipeline]} characters`);
  // v0 parameter names are part of recording folder names (v1's are never part of a path).
  if (pipeline === 'v0')
    assertSafePathComponent(name, {
      flag: 'NAME',
      what: 'v0 preprocessing parameter set name (it becomes part of recording folder names)',
    });
  if (!(Number.isFinite(frequencyMin) && frequencyMin > 0)) throw bad(`--frequency-min must be a positive number, got ${frequencyMin}`);
  if (!(Number.isFinite(frequencyMax) && frequencyMax > frequencyMin))
    throw bad(`--frequency-max (${frequencyMax}) must be greater than --frequency-min (${frequencyMin})`);
  if (!(Number.isFinite(marginMs) && marginMs >= 0)) throw bad(`--margin-ms must be a non-negative number, got ${marginMs}`);
  if (!(Number.isInteger(seed) && seed >= 0)) throw bad(`--seed must be a non-negative integer, got ${seed}`);
  const params: Record<string, number> = { frequency_min: frequencyMin, frequency_max: frequencyMax, margin_ms: marginMs, seed };
  const minSegmentLength = input.minSegmentLength ?? (pipeline === 'v1' ? 1 : undefined);
  if (minSegmentLength !== undefined) {
    if (!(Number.isFinite(minSegmentLength) && minSegmentLength >= 0))
      throw bad(`--min-segment-length must be a non-negative number, got ${minSegmentLength}`);
    params.min_segment_length = minSegmentLength;
  }
  return params;
}

/**
 * Inserts a named preprocessing parameter set into the v0 or v1 table. Adding the same name
 * with the same values again is a no-op.
 *
 * @throws RecomputeError `PREPROC_PARAMS_INVALID` (bad value, naming the flag),
 *   `PREPROC_PARAMS_EXIST` (the name holds different values).
 */
export async function addPreprocessingParams(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  input: PreprocessingParamsInput,
): Promise<AddPreprocessingParamsResult> {
  const params = buildPreprocessingParams(pipeline, input);
  const inserted = await insertParamsIfAbsent(em.fork(), pipeline, input.name, params);
  return { pipeline, name: input.name, params, inserted };
}

/** Inserts Spyglass's `default` parameter sets of both pipelines unless present; returns the pipelines inserted. */
export async function ensureDefaultPreprocessingParams(em: EntityManager): Promise<SpikeSortingPipeline[]> {
  const inserted: SpikeSortingPipeline[] = [];
  for (const pipeline of ['v0', 'v1'] as const) {
    const existing = await findParams(em, pipeline, DEFAULT_PREPROC_PARAMS_NAME);
    if (existing !== null) continue;
    await insertParams(em, pipeline, DEFAULT_PREPROC_PARAMS_NAME, defaultPreprocessingParams(pipeline));
    inserted.push(pipeline);
  }
  return inserted;
}

async function insertParamsIfAbsent(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  name: string,
  params: Record<string, number>,
): Promise<boolean> {
  const existing = await findParams(em, pipeline, name);
  if (existing !== null) {
    if (canonicalJson(existing) === canonicalJson(params)) return false;
    throw commonErrors.paramsExist(pipeline, name, existing);
  }
  await insertParams(em, pipeline, name, params);
  return true;
}

async function findParams(em: EntityManager, pipeline: SpikeSortingPipeline, name: string): Promise<Record<string, unknown> | null> {
  const row =
    pipeline === 'v0'
      ? await em.findOne(SpikeSortingPreprocessingParametersV0, { preproc_params_name: name })
      : await em.findOne(SpikeSortingPreprocessingParametersV1, { preproc_param_name: name });
  return row ? row.preproc_params : null;
}

async function insertParams(
  em: EntityManager,
  pipeline: SpikeSortingPipeline,
  name: string,
  params: Record<string, number>,
): Promise<void> {
  if (pipeline === 'v0') await em.insert(SpikeSortingPreprocessingParametersV0, { preproc_params_name: name, preproc_params: params });
  else await em.insert(SpikeSortingPreprocessingParametersV1, { preproc_param_name: name, preproc_params: params });
}
