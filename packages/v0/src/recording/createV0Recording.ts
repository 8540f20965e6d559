import { rename, rm } from 'node:fs/promises';
import { DEFAULT_TEAM_NAME } from '@spyglass-recompute/common';
import { temporarySibling } from '@spyglass-recompute/nwb';
import { pathExists, removeAtomically, type ArtefactDigest, type PipelineContext } from '@spyglass-recompute/engine';
import {
  IntervalList,
  SpikeSortingRecordingSelectionV0,
  SpikeSortingRecordingV0,
  type RecomputeEntityManager,
} from '@spyglass-recompute/schema';
import { createV0Engine } from '../recompute/createV0Engine';
import { hashV0Folder } from '../recompute/hashV0Folder';
import { loadV0RecordingSpec } from './loadV0RecordingSpec';
import { assertV0FolderNames, recordingFolderName, v0FolderPath } from './recordingFolderName';
import { v0Errors } from './v0Errors';
import { writeV0Folder } from './writeV0Folder';
import { v0WriterProfile } from '../profiles/v0WriterProfiles';
import type { V0WriterProfile } from '../profiles/V0WriterProfile';
import type { V0Key } from '../recompute/V0Key';
import type { V0RecordingSpec } from './loadV0RecordingSpec';

/** Arguments of {@link createV0Recording}. */
export interface CreateV0RecordingInput {
  nwbFileName: string;
  sortGroupId: number;
  sortIntervalName: string;
  /** @default 'default' */
  paramsName?: string;
  /** @default the ingest default team ('default') */
  teamName?: string;
  /** Selection `interval_list_name` the sort interval is intersected with. @default 'raw data valid times' */
  intervalListName?: string;
  /** spikeinterface/probeinterface stack to write the folder as (`--writer-profile`). @default 'si-0.99' */
  writerProfile?: string;
}

/** What {@link createV0Recording} made (the CLI's `v0 recording create --json`). */
export interface CreatedV0Recording {
  key: V0Key;
  recording_path: string;
  hash: string;
  hash_algorithm: string;
  /** False when the recording already existed (nothing was written). */
  created: boolean;
  /** True when the creation was logged as verified (`logged_at_creation`). */
  logged_at_creation: boolean;
}

/**
 * Spyglass v0 `SpikeSortingRecordingSelection.insert` + `SpikeSortingRecording.populate`:
 * validates every input before anything is written, writes the folder
 * `{recording}/{nwb}_{interval}_{group}_{params}` (temp + rename), stores its `spyglass-dir`
 * hash with the row, inserts the `sort_interval_list_name` IntervalList, and logs the
 * creation through the engine (Versions + a `logged_at_creation` Selection row). An existing
 * recording is returned as is (`RECORDING_HASH_MISSING` when it predates the hash column).
 *
 * @throws RecomputeError (exit 2) for unknown rows, invalid references/electrodes, empty
 *   intervals, unusable params or a missing raw file; nothing is written then.
 */
export async function createV0Recording(
  em: RecomputeEntityManager,
  ctx: PipelineContext,
  input: CreateV0RecordingInput,
): Promise<CreatedV0Recording> {
  const writerProfile = v0WriterProfile(input.writerProfile);
  const key: V0Key = {
    nwb_file_name: input.nwbFileName,
    sort_group_id: input.sortGroupId,
    sort_interval_name: input.sortIntervalName,
    preproc_params_name: input.paramsName ?? 'default',
    team_name: input.teamName ?? DEFAULT_TEAM_NAME,
  };
  assertV0FolderNames(key);
  const engine = createV0Engine({ ...ctx, em });
  const existing = await em.fork().findOne(SpikeSortingRecordingV0, { ...key });
  if (existing) {
    if (!existing.hash) throw v0Errors.recordingWithoutHash(recordingFolderName(key), existing.recording_path);
    return {
      key,
      recording_path: existing.recording_path,
      hash: existing.hash,
      hash_algorithm: existing.hash_algorithm ?? 'spyglass-dir',
      created: false,
      logged_at_creation: false,
    };
  }
  const selection = await em.fork().findOne(SpikeSortingRecordingSelectionV0, { ...key });
  const spec = await loadV0RecordingSpec(em, key, { roots: ctx.roots, ...(selection ? {} : { intervalListName: input.intervalListName }) });
  const folder = v0FolderPath(ctx.roots, spec.folderName);
  // v0 folder names omit the team: never overwrite (or later remove) a folder another row owns.
  const owner = await em.fork().findOne(SpikeSortingRecordingV0, { recording_path: folder });
  if (owner) {
    throw v0Errors.folderInUse(folder, owner.team_name);
  }
  const { digest, placed } = await placeV0Folder(spec, folder, ctx, writerProfile);
  try {
    await em.fork().transactional(async (tx) => {
      if (!selection) await tx.insert(SpikeSortingRecordingSelectionV0, { ...key, interval_list_name: spec.intervalListName });
      // Spyglass stores the sort pieces as an IntervalList named like the folder.
      const intervalKey = { nwb_file_name: key.nwb_file_name, interval_list_name: spec.folderName };
      await tx.nativeDelete(IntervalList, intervalKey);
      await tx.insert(IntervalList, { ...intervalKey, valid_times: spec.sortPieces, pipeline: 'spikesorting_recording_v0' });
      const row = { recording_path: folder, sort_interval_list_name: spec.folderName, hash: digest.hash, hash_algorithm: digest.algorithm };
      await tx.insert(SpikeSortingRecordingV0, { ...key, ...row });
    });
  } catch (error) {
    // Another process may have registered the same recording meanwhile: its identical folder stays.
    const raced = await em.fork().findOne(SpikeSortingRecordingV0, { ...key });
    if (raced && raced.hash === digest.hash && raced.recording_path === folder) {
      return {
        key,
        recording_path: folder,
        hash: digest.hash,
        hash_algorithm: digest.algorithm,
        created: false,
        logged_at_creation: false,
      };
    }
    // Remove what this call put in place, unless a row registered meanwhile points at the folder.
    if (placed && !(await em.fork().findOne(SpikeSortingRecordingV0, { recording_path: folder }))) await removeAtomically(folder);
    throw v0Errors.databaseWriteFailed(folder, error);
  }
  const logged = await engine.logCreation(key);
  return {
    key,
    recording_path: folder,
    hash: digest.hash,
    hash_algorithm: digest.algorithm,
    created: true,
    logged_at_creation: logged?.loggedAtCreation ?? false,
  };
}

/**
 * Builds the folder of `spec` under a hidden sibling and puts it at `folder` — which no row owns
 * (checked by the caller). An existing folder there is never moved aside or deleted: when it is
 * byte-identical to the new one (the residue of a creation killed before its rows were committed)
 * it is adopted, otherwise creation is refused with `V0_FOLDER_UNTRACKED`.
 */
async function placeV0Folder(
  spec: V0RecordingSpec,
  folder: string,
  ctx: PipelineContext,
  writerProfile: V0WriterProfile,
): Promise<{ digest: ArtefactDigest; placed: boolean }> {
  const building = temporarySibling(folder, 'partial');
  try {
    await writeV0Folder(spec, building, { writerProfile, ...(ctx.filterThreads !== undefined ? { workers: ctx.filterThreads } : {}) });
    const digest = await hashV0Folder(building);
    if (await pathExists(folder)) {
      const existing = await hashV0Folder(folder).catch(() => null);
      if (existing?.hash !== digest.hash) throw v0Errors.folderUntracked(folder);
      return { digest, placed: false };
    }
    try {
      await rename(building, folder);
    } catch (error) {
      // rename(2) replaces an empty directory and fails on a non-empty one: either way, someone
      // else's entry appeared meanwhile and is not ours to replace.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw v0Errors.folderUntracked(folder);
      throw error;
    }
    return { digest, placed: true };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}
