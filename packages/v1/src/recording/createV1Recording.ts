import crypto from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import type { PipelineContext } from '@spyglass-recompute/engine';
import { hashNwbFile } from '@spyglass-recompute/nwb';
import {
  AnalysisNwbfile,
  DEFAULT_ROUNDING,
  RecordingRecomputeSelectionV1,
  RecordingRecomputeVersionsV1,
  SpikeSortingRecordingSelectionV1,
  SpikeSortingRecordingV1,
  normalizeUuid,
  type RecomputeEntityManager,
} from '@spyglass-recompute/schema';
import {
  analysisFileName,
  analysisFilePath,
  assertV1NwbFileName,
  checkedAnalysisFilePath,
  v1ArtefactRoot,
  type RandomSource,
} from '../nwb/analysisFileName';
import { V1_WRITER_PROFILE_KEY } from '../profiles/detectV1WriterProfile';
import { v1WriterProfile } from '../profiles/v1WriterProfiles';
import { createV1Engine } from '../recompute/createV1Engine';
import { loadV1RecordingInputs, type V1SelectionFields } from './loadV1RecordingInputs';
import { V1_GENERATOR_KEY, v1GeneratorVersion } from '../recompute/v1GeneratorVersion';
import { V1_HASH_ALGORITHM } from '../recompute/v1PipelineFacts';
import { v1Errors } from './v1Errors';
import { writeV1RecordingFile } from './writeV1RecordingFile';

/** Context of {@link createV1Recording}. */
export interface CreateV1RecordingContext extends PipelineContext {
  /** Uniform [0, 1) source for the 10 random file-name characters. @default Math.random */
  random?: RandomSource;
}

/** Arguments of {@link createV1Recording} (`recompute v1 recording create`). */
export interface CreateV1RecordingInput {
  nwbFileName: string;
  sortGroupId: number;
  intervalListName: string;
  /** @default 'default' */
  paramsName?: string;
  /** @default 'default' */
  teamName?: string;
  /** Writer profile to write the file as (`--writer-profile`). @default 'pynwb-2.3' */
  writerProfile?: string;
}

/** Result of {@link createV1Recording} (the CLI's `--json`). */
export interface CreateV1RecordingResult {
  recording_id: string;
  analysis_file_name: string;
  path: string;
  hash: string;
  /** False when an identical selection already had its recording (nothing was written). */
  created: boolean;
}

const ANALYSIS_FILE_NAME_MAX = 64;

/** `os.path.splitext(nwb_file_name)[0]`: the raw stem analysis file names start with. */
function rawStem(nwbFileName: string): string {
  return nwbFileName.slice(0, nwbFileName.length - path.extname(nwbFileName).length);
}

function selectionFields(input: CreateV1RecordingInput): V1SelectionFields {
  if (typeof input.nwbFileName !== 'string' || input.nwbFileName === '') throw v1Errors.selectionInvalid('--nwb-file is required');
  if (!(Number.isInteger(input.sortGroupId) && input.sortGroupId >= 0))
    throw v1Errors.selectionInvalid(`--sort-group must be a non-negative integer, got ${input.sortGroupId}`);
  if (typeof input.intervalListName !== 'string' || input.intervalListName === '')
    throw v1Errors.selectionInvalid('--interval is required');
  return {
    nwb_file_name: input.nwbFileName,
    sort_group_id: input.sortGroupId,
    interval_list_name: input.intervalListName,
    preproc_param_name: input.paramsName ?? 'default',
    team_name: input.teamName ?? 'default',
  };
}

/**
 * Spyglass v1 `SpikeSortingRecordingSelection.insert_selection` + `SpikeSortingRecording.populate`
 * (Flow 1): validates the selection, writes the analysis NWB file at
 * `{analysis}/{raw_stem}/{raw_stem}{10 random}.nwb`, hashes it (rounding 4), then in one
 * transaction inserts the selection (new uuid4 `recording_id`), `AnalysisNwbfile` and
 * `SpikeSortingRecording` rows (object ids, hash + algorithm), and through the engine the
 * `RecordingRecomputeVersions` row and a `logged_at_creation` selection for the current
 * environment. Bad input fails before anything is written; a later failure removes the file
 * and every row again. An identical existing selection with a recording is returned as is.
 *
 * @throws RecomputeError (exit 2) `V1_SELECTION_INVALID`, `NWB_FILE_UNKNOWN`, `SORT_GROUP_UNKNOWN`,
 *   `SORT_GROUP_ELECTRODE_UNKNOWN`, `INTERVAL_UNKNOWN`, `INTERVAL_OUTSIDE_DATA`, `PARAMS_UNKNOWN`,
 *   `PREPROC_PARAMS_INVALID`, `TEAM_UNKNOWN`, `UNSAFE_NAME`, `PATH_OUTSIDE_DATA_ROOTS`, raw-file errors (`RAW_FILE_NOT_FOUND`,
 *   `RAW_FILE_UNREADABLE`, `RAW_NOT_ELECTRICAL_SERIES`, `RAW_TIMESTAMPS_MISSING`, …), `SEGMENT_TOO_SHORT`.
 */
export async function createV1Recording(
  em: RecomputeEntityManager,
  context: CreateV1RecordingContext,
  input: CreateV1RecordingInput,
): Promise<CreateV1RecordingResult> {
  const selection = selectionFields(input);
  assertV1NwbFileName(selection.nwb_file_name);
  const profile = v1WriterProfile(input.writerProfile);
  const fork = em.fork();
  const existing = await fork.findOne(SpikeSortingRecordingSelectionV1, { ...selection });
  if (existing) {
    const recording = await fork.findOne(SpikeSortingRecordingV1, { recording_id: existing.recording_id });
    if (recording && !recording.hash) throw v1Errors.recordingWithoutHash(normalizeUuid(String(existing.recording_id)));
    if (recording?.hash) {
      const analysis = await fork.findOne(AnalysisNwbfile, { analysis_file_name: recording.analysis_file_name });
      return {
        recording_id: normalizeUuid(String(existing.recording_id)),
        analysis_file_name: recording.analysis_file_name,
        path: analysis?.analysis_file_abs_path ?? analysisFilePath(v1ArtefactRoot(context.roots), recording.analysis_file_name),
        hash: recording.hash,
        created: false,
      };
    }
  }
  const recordingId = existing ? normalizeUuid(String(existing.recording_id)) : crypto.randomUUID();

  const stem = rawStem(selection.nwb_file_name);
  let fileName = analysisFileName(stem, context.random);
  let outputPath = checkedAnalysisFilePath(context.roots, fileName);
  if (fileName.length > ANALYSIS_FILE_NAME_MAX) {
    throw v1Errors.selectionInvalid(
      `analysis file name ${fileName} would exceed ${ANALYSIS_FILE_NAME_MAX} characters (nwb file name ${selection.nwb_file_name} is too long)`,
    );
  }
  const inputs = await loadV1RecordingInputs(fork, selection, context.roots.raw);
  for (let tries = 0; existsSync(outputPath) || (await fork.findOne(AnalysisNwbfile, { analysis_file_name: fileName })); tries += 1) {
    if (tries > 20) throw v1Errors.selectionInvalid(`could not draw an unused analysis file name under ${path.dirname(outputPath)}`);
    fileName = analysisFileName(stem, context.random);
    outputPath = checkedAnalysisFilePath(context.roots, fileName);
  }

  let rowsWritten = false;
  let fileWritten = false;
  try {
    const written = await writeV1RecordingFile(inputs, {
      outputPath,
      writerProfile: profile,
      spillDirectory: context.roots.temp,
      ...(context.filterThreads !== undefined ? { workers: context.filterThreads } : {}),
    });
    fileWritten = true;
    const { hash, namespaces } = await hashNwbFile(outputPath, { precision: DEFAULT_ROUNDING });
    await em.fork().transactional(async (tx) => {
      if (!existing) await tx.insert(SpikeSortingRecordingSelectionV1, { recording_id: recordingId, ...selection });
      await tx.insert(AnalysisNwbfile, {
        analysis_file_name: fileName,
        analysis_file_abs_path: outputPath,
        analysis_parent_nwb_file_name: selection.nwb_file_name,
        analysis_file_description: '',
      });
      await tx.insert(SpikeSortingRecordingV1, {
        recording_id: recordingId,
        analysis_file_name: fileName,
        object_id: written.objectIds.series,
        electrodes_id: written.objectIds.electrodes,
        hash,
        hash_algorithm: V1_HASH_ALGORITHM,
      });
    });
    // Only rows this call committed are ever compensated (a failed transaction rolled back).
    rowsWritten = true;
    const engine = createV1Engine({ ...context, em });
    // The hash just read the cached namespaces: store the versions row from it rather than
    // walking the file again in readVersions.
    await engine.store.insertVersions([
      {
        key: { recording_id: recordingId },
        versions: { ...namespaces, [V1_GENERATOR_KEY]: v1GeneratorVersion(), [V1_WRITER_PROFILE_KEY]: profile.name },
      },
    ]);
    await engine.logCreation({ recording_id: recordingId });
    return { recording_id: recordingId, analysis_file_name: fileName, path: outputPath, hash, created: true };
  } catch (error) {
    // Database first, then the file: if the rows cannot be removed they still point at the
    // file, so it must stay (a row without its file would be silently unverifiable).
    if (rowsWritten) {
      try {
        await removeCreatedRows(em, recordingId, fileName, !existing);
      } catch (cleanupError) {
        throw new AggregateError(
          [error, cleanupError],
          `creating recording ${recordingId} failed and its rows could not be removed; ${outputPath} was kept for them`,
        );
      }
    }
    // Only a file this call wrote is removed: one that appeared at the name meanwhile is not ours.
    if (fileWritten) rmSync(outputPath, { force: true });
    throw error;
  }
}

/** Compensates a creation whose engine bookkeeping failed after the rows were committed. */
async function removeCreatedRows(em: EntityManager, recordingId: string, fileName: string, withSelection: boolean): Promise<void> {
  await em.fork().transactional(async (tx) => {
    await tx.nativeDelete(RecordingRecomputeSelectionV1, { recording_id: recordingId });
    await tx.nativeDelete(RecordingRecomputeVersionsV1, { recording_id: recordingId });
    await tx.nativeDelete(SpikeSortingRecordingV1, { recording_id: recordingId });
    await tx.nativeDelete(AnalysisNwbfile, { analysis_file_name: fileName });
    if (withSelection) await tx.nativeDelete(SpikeSortingRecordingSelectionV1, { recording_id: recordingId });
  });
}
