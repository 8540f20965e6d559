import type { EntityManager } from '@mikro-orm/core';
import type { DataRoots } from '@spyglass-recompute/nwb';
import type {
  ArtefactDigest,
  ArtefactVersions,
  EnvironmentSnapshot,
  ObjectComparison,
  RecomputePipeline,
  RegenerateContext,
  StoredArtefact,
} from '@spyglass-recompute/engine';
import { isRecomputeError } from '@spyglass-recompute/errors';
import { RecordingRecomputeVersionsV0 } from '@spyglass-recompute/schema';
import { detectV0WriterProfile, rankV0WriterProfiles } from '../profiles/detectV0WriterProfile';
import type { V0WriterProfile } from '../profiles/V0WriterProfile';
import { V0_WRITER_PROFILES, v0WriterProfile } from '../profiles/v0WriterProfiles';
import { loadV0RecordingSpec } from '../recording/loadV0RecordingSpec';
import { MIN_SEGMENT_SAMPLES, planV0Segments, writeV0Folder } from '../recording/writeV0Folder';
import { compareV0Folders } from './compareV0Folders';
import { hashV0Folder } from './hashV0Folder';
import { folderProblem, readFolderVersions } from './readFolderVersions';
import { V0_PIPELINE_FACTS, V0_XFAIL_REASONS } from './v0PipelineFacts';
import type { V0Key } from './V0Key';

/** Options of {@link V0RecomputePipeline}. */
export interface V0RecomputePipelineOptions {
  em: EntityManager;
  roots: Pick<DataRoots, 'raw'>;
  /** Filter worker threads for regeneration. @default the preprocessing default */
  workers?: number;
}

/**
 * The v0 steps the {@link RecomputeEngine} drives: versions from the folder's JSON, the
 * spikeinterface-version gate, expected failures, regeneration from the raw NWB file, the
 * `spyglass-dir` hash and a per-file comparison.
 */
export class V0RecomputePipeline implements RecomputePipeline<V0Key> {
  readonly schema = V0_PIPELINE_FACTS.schema;
  readonly defaultParams = V0_PIPELINE_FACTS.defaultParams;
  readonly xfailReasons = V0_XFAIL_REASONS;

  constructor(private readonly options: V0RecomputePipelineOptions) {}

  /**
   * The folder's spikeinterface/probeinterface versions (Spyglass's two columns). A folder of
   * a spikeinterface release some profile reproduces must also match that profile's JSON
   * dialect (probe annotations); other releases are recorded as Spyglass records them and
   * gated at attempt (`environmentMismatch`, 0.94 as an expected failure).
   *
   * @throws RecomputeError `NO_MATCHING_WRITER_PROFILE`: no versions row, so never attempted.
   */
  async readVersions(artefact: StoredArtefact<V0Key>): Promise<ArtefactVersions> {
    const { spikeinterface, probeinterface, probeAnnotations } = readFolderVersions(artefact.path);
    if (V0_WRITER_PROFILES.some((profile) => profile.spikeinterfaceVersion === spikeinterface)) {
      detectV0WriterProfile({ spikeinterface, probeinterface, probeAnnotations }, artefact.path);
    }
    return { spikeinterface, probeinterface };
  }

  environmentMismatch(versions: ArtefactVersions, _environment: EnvironmentSnapshot): string | null {
    // The generator is ours and reproduces each profile's layout whatever is installed: the
    // recorded versions only have to name a profile.
    const { profile, differences } = rankV0WriterProfiles({
      spikeinterface: versions.spikeinterface ?? '',
      probeinterface: versions.probeinterface ?? '',
    });
    if (differences.length === 0) return null;
    return `folder written by spikeinterface ${versions.spikeinterface || '(unknown)'}: no writer profile reproduces it (closest ${profile.name}: ${differences.join('; ')})`;
  }

  /** The writer profile the artefact's versions row names (`si-0.99` without a row). */
  async recordedWriterProfile(artefact: StoredArtefact<V0Key>): Promise<V0WriterProfile> {
    const row = await this.options.em.fork().findOne(RecordingRecomputeVersionsV0, { ...artefact.key });
    if (!row) return v0WriterProfile();
    return rankV0WriterProfiles({ spikeinterface: row.spikeinterface, probeinterface: row.probeinterface }).profile;
  }

  async expectedFailure(artefact: StoredArtefact<V0Key>, versions: ArtefactVersions): Promise<string | null> {
    const problem = folderProblem(artefact.path);
    if (problem) return `folder_invalid: ${problem}`;
    if ((versions.spikeinterface ?? '').startsWith('0.94'))
      return `si094: spikeinterface ${versions.spikeinterface} folder (known not reproducible)`;
    try {
      const spec = await loadV0RecordingSpec(this.options.em, artefact.key, { roots: this.options.roots });
      const plan = await planV0Segments(spec);
      if (spec.frequencyMax >= plan.samplingFrequency / 2) {
        return `low_sr: freq_max ${spec.frequencyMax} Hz >= Nyquist (${plan.samplingFrequency / 2} Hz)`;
      }
      const short = plan.segmentLengths.find((n) => n < MIN_SEGMENT_SAMPLES);
      if (short !== undefined) return `padlen: segment of ${short} samples is shorter than ${MIN_SEGMENT_SAMPLES} (filter padlen)`;
    } catch (error) {
      // Planning already refuses these two (filter design, scipy padlen) before returning a plan.
      if (isRecomputeError(error) && error.code === 'FILTER_FREQ_ABOVE_NYQUIST') return `low_sr: ${error.message}`;
      if (isRecomputeError(error) && error.code === 'SEGMENT_TOO_SHORT')
        return `padlen: segment shorter than ${MIN_SEGMENT_SAMPLES} samples: ${error.message}`;
      // Anything else is not a known failure: the attempt itself records what goes wrong.
    }
    return null;
  }

  async regenerate(artefact: StoredArtefact<V0Key>, targetPath: string, context: RegenerateContext): Promise<void> {
    const spec = await loadV0RecordingSpec(this.options.em, artefact.key, { roots: this.options.roots });
    const writerProfile = await this.recordedWriterProfile(artefact);
    await writeV0Folder(spec, targetPath, {
      writerProfile,
      signal: context.signal,
      heartbeat: context.heartbeat,
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
    });
  }

  hash(folder: string): Promise<ArtefactDigest> {
    return hashV0Folder(folder);
  }

  compare(oldFolder: string, newFolder: string): Promise<ObjectComparison[]> {
    return compareV0Folders(oldFolder, newFolder);
  }
}
