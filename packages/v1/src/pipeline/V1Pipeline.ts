import { existsSync, statSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import { isRecomputeError } from '@spyglass-recompute/errors';
import {
  hashNwbFile,
  type ArtefactDigest,
  type ArtefactVersions,
  type AttemptParams,
  type DataRoots,
  type EnvironmentSnapshot,
  type ObjectComparison,
  type RecomputePipeline,
  type RegenerateContext,
  type StoredArtefact,
} from '@spyglass-recompute/core';
import { DEFAULT_ROUNDING, Electrode } from '@spyglass-recompute/schema';
import { compareNwbObjects } from './compareNwbObjects';
import { loadV1RecordingInputs, type V1SelectionFields } from './loadV1RecordingInputs';
import { readSeriesObjectIds } from './readSeriesObjectIds';
import { unsupportedNamespaces, V1_GENERATOR_KEY, v1GeneratorVersion } from './v1GeneratorVersion';
import { v1Errors } from './v1Errors';
import type { V1RecordingKey } from './v1TableDescriptors';
import { writeV1RecordingFile } from './writeV1RecordingFile';

/** Logical schema of the v1 recompute tables; regenerated copies go to `{temp}/{schema}/{env_id}/`. */
export const V1_SCHEMA = 'spikesorting_v1_recompute';
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

/** Dependencies of a {@link V1Pipeline}. */
export interface V1PipelineOptions {
  em: EntityManager;
  roots: DataRoots;
  /** Filter worker threads per regeneration. @default preprocessing's default */
  workers?: number;
}

const DIGEST_CACHE_SIZE = 8;

/** The attempt's rounding; 0 (no rounding) is the strictest. */
function strictness(params: AttemptParams): number {
  const rounding = params.rounding ?? DEFAULT_ROUNDING;
  return rounding === 0 ? Infinity : rounding;
}

/** Selection columns carried as artefact attributes by {@link v1StoredArtefact}. */
export function selectionOf(artefact: StoredArtefact<V1RecordingKey>): V1SelectionFields {
  const a = artefact.attributes;
  if (a.nwb_file_name === null || a.nwb_file_name === undefined) throw v1Errors.selectionMissing(artefact.key.recording_id);
  return {
    nwb_file_name: String(a.nwb_file_name),
    sort_group_id: Number(a.sort_group_id),
    interval_list_name: String(a.interval_list_name),
    preproc_param_name: String(a.preproc_param_name),
    team_name: String(a.team_name),
  };
}

/**
 * The v1 steps the {@link RecomputeEngine} drives: versions from the file's cached
 * namespaces, a namespace gate, expected failures, regeneration with the stored file name and
 * object ids, Spyglass's NWB hash at the attempt's rounding, and per-object numeric diffs.
 */
export class V1Pipeline implements RecomputePipeline<V1RecordingKey> {
  readonly schema = V1_SCHEMA;
  readonly defaultParams: AttemptParams = { rounding: DEFAULT_ROUNDING };
  readonly xfailReasons = V1_XFAIL_REASONS;
  private readonly digests = new Map<string, ArtefactDigest>();

  constructor(private readonly options: V1PipelineOptions) {}

  async readVersions(artefact: StoredArtefact<V1RecordingKey>): Promise<ArtefactVersions> {
    // Legacy mode hashes no dataset content: a cheap walk that yields the cached namespaces.
    const { namespaces } = await hashNwbFile(artefact.path, { legacy: true });
    return { ...namespaces, [V1_GENERATOR_KEY]: v1GeneratorVersion() };
  }

  environmentMismatch(versions: ArtefactVersions, _environment: EnvironmentSnapshot): string | null {
    return unsupportedNamespaces(versions);
  }

  async expectedFailure(artefact: StoredArtefact<V1RecordingKey>, versions: ArtefactVersions, previousErrors: readonly string[]): Promise<string | null> {
    const namespaces = unsupportedNamespaces(versions);
    if (namespaces) return `nwb_spec_incompatible: ${namespaces}`;
    const nwbFileName = artefact.attributes.nwb_file_name;
    if (nwbFileName === null || nwbFileName === undefined) return 'missing_selection: no SpikeSortingRecordingSelection row';
    const em = this.options.em.fork();
    const probed = await em.count(Electrode, { nwb_file_name: String(nwbFileName), probe_id: { $ne: null } });
    if (probed === 0) return `missing_probe_info: no probe rows for session ${nwbFileName}`;
    try {
      await loadV1RecordingInputs(em, selectionOf(artefact));
    } catch (error) {
      if (isRecomputeError(error) && error.exitCode === 2) return `invalid_inputs: ${error.message}`;
      throw error;
    }
    if (previousErrors.some((message) => /SEGMENT_TOO_SHORT|too short to filter|padlen/i.test(message))) return 'padlen: segment too short to filter (scipy padlen)';
    return null;
  }

  async regenerate(artefact: StoredArtefact<V1RecordingKey>, targetPath: string, context: RegenerateContext): Promise<void> {
    const selection = selectionOf(artefact);
    const seriesId = artefact.attributes.object_id;
    let electrodesId = artefact.attributes.electrodes_id;
    if ((electrodesId === null || electrodesId === undefined) && existsSync(artefact.path)) {
      // Rows from before the upgrade: the original still holds the id update-ids would store.
      electrodesId = (await readSeriesObjectIds(artefact.path, seriesId === null ? undefined : String(seriesId))).electrodes;
    }
    if (electrodesId === null || electrodesId === undefined || seriesId === null || seriesId === undefined) {
      throw v1Errors.selectionInvalid(
        `v1 recording ${artefact.key.recording_id} has no stored object id for its ${seriesId ? 'electrodes region' : 'series'}; run \`recompute v1 update-ids\` while the file exists`,
        { recordingId: artefact.key.recording_id },
      );
    }
    const inputs = await loadV1RecordingInputs(this.options.em.fork(), selection);
    await writeV1RecordingFile(inputs, {
      outputPath: targetPath,
      objectIds: { series: String(seriesId), electrodes: String(electrodesId) },
      signal: context.signal,
      onChunk: context.heartbeat,
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
    });
  }

  async hash(filePath: string, params: AttemptParams): Promise<ArtefactDigest> {
    const rounding = params.rounding ?? DEFAULT_ROUNDING;
    const stat = statSync(filePath);
    const cacheKey = `${filePath}\u0000${stat.size}\u0000${stat.mtimeMs}\u0000${rounding}`;
    const cached = this.digests.get(cacheKey);
    if (cached) return cached;
    let result;
    try {
      result = await hashNwbFile(filePath, { precision: rounding, objects: true });
    } catch (error) {
      throw isRecomputeError(error) ? error : v1Errors.hashFailed(filePath, error);
    }
    const digest: ArtefactDigest = { algorithm: result.algorithm, hash: result.hash, objects: result.objects ?? {} };
    this.digests.set(cacheKey, digest);
    while (this.digests.size > DIGEST_CACHE_SIZE) this.digests.delete(this.digests.keys().next().value as string);
    return digest;
  }

  /** A hash stored in Spyglass's legacy mode is compared in that mode; any other at the creation rounding. */
  async hashAsStored(filePath: string, artefact: StoredArtefact<V1RecordingKey>): Promise<string> {
    if (artefact.attributes.hash_algorithm !== V1_LEGACY_HASH_ALGORITHM) return (await this.hash(filePath, this.defaultParams)).hash;
    try {
      return (await hashNwbFile(filePath, { legacy: true })).hash;
    } catch (error) {
      throw isRecomputeError(error) ? error : v1Errors.hashFailed(filePath, error);
    }
  }

  async compare(oldPath: string, newPath: string, params: AttemptParams): Promise<ObjectComparison[]> {
    const [before, after] = [await this.hash(oldPath, params), await this.hash(newPath, params)];
    const names = [...new Set([...Object.keys(before.objects), ...Object.keys(after.objects)])]
      .filter((name) => before.objects[name] !== after.objects[name])
      .sort();
    return compareNwbObjects(oldPath, newPath, names);
  }

  supersedes(matched: AttemptParams, params: AttemptParams): boolean {
    return strictness(matched) > strictness(params);
  }
}
