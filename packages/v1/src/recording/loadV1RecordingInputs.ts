import type { EntityManager } from '@mikro-orm/core';
import { RAW_VALID_TIMES_INTERVAL, rawFileReadPath } from '@spyglass-recompute/common';
import { intersectIntervals, type Interval } from '@spyglass-recompute/preprocessing';
import {
  IntervalList,
  LabTeam,
  Nwbfile,
  SortGroupElectrodeV1,
  SortGroupV1,
  SpikeSortingPreprocessingParametersV1,
} from '@spyglass-recompute/schema';
import { v1Errors } from './v1Errors';

/** What a v1 recording is made from: the columns of a `SpikeSortingRecordingSelection` row. */
export interface V1SelectionFields {
  nwb_file_name: string;
  sort_group_id: number;
  interval_list_name: string;
  preproc_param_name: string;
  team_name: string;
}

/** The v1 preprocessing parameters that change the output (Spyglass `default`: 300, 6000, 5, 0, 1). */
export interface V1PreprocessingParams {
  frequencyMin: number;
  frequencyMax: number;
  marginMs: number;
  minSegmentLength: number;
}

/** Everything {@link writeV1RecordingFile} needs, resolved from the database. */
export interface V1RecordingInputs {
  selection: V1SelectionFields;
  /**
   * Absolute path to read the raw NWB file from: `<raw root>/<nwb_file_name>` when it exists there,
   * else the registered `Nwbfile.nwb_file_abs_path`.
   */
  rawPath: string;
  /** Sort-group electrode ids, ascending. */
  electrodeIds: number[];
  referenceId: number;
  params: V1PreprocessingParams;
  /** Sort pieces: interval ∩ raw data valid times, pieces longer than `min_segment_length`. */
  sortPieces: Interval[];
}

function numberParam(params: Record<string, unknown>, name: string, key: string, fallback?: number): number {
  const value = params[key] ?? fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw v1Errors.paramsInvalid(name, `${key} must be a finite number, got ${JSON.stringify(value)}`);
  return n;
}

/** Reads and validates the v1 preprocessing parameters row `name`. */
export async function loadV1Params(em: EntityManager, name: string): Promise<V1PreprocessingParams> {
  const row = await em.findOne(SpikeSortingPreprocessingParametersV1, { preproc_param_name: name });
  if (!row) throw v1Errors.paramsUnknown(name);
  const raw = (typeof row.preproc_params === 'string' ? JSON.parse(row.preproc_params) : row.preproc_params) as Record<string, unknown>;
  const params = {
    frequencyMin: numberParam(raw, name, 'frequency_min'),
    frequencyMax: numberParam(raw, name, 'frequency_max'),
    marginMs: numberParam(raw, name, 'margin_ms', 5),
    minSegmentLength: numberParam(raw, name, 'min_segment_length', 1),
  };
  if (!(params.frequencyMin > 0 && params.frequencyMax > params.frequencyMin)) {
    throw v1Errors.paramsInvalid(name, `need 0 < frequency_min < frequency_max, got ${params.frequencyMin}, ${params.frequencyMax}`);
  }
  if (params.minSegmentLength < 0) throw v1Errors.paramsInvalid(name, `min_segment_length must be >= 0, got ${params.minSegmentLength}`);
  return params;
}

function validTimesOf(row: { valid_times: unknown }): Interval[] {
  const value = typeof row.valid_times === 'string' ? JSON.parse(row.valid_times) : row.valid_times;
  return (value as Array<[number, number]>).map(([a, b]) => [Number(a), Number(b)]);
}

/**
 * Resolves a selection into the inputs of the v1 recording: raw file, sort group, params and
 * the sort pieces (Spyglass: interval ∩ "raw data valid times" with `min_length =
 * min_segment_length`). `rawRoot` (`SPYGLASS_RAW_DIR`): where to look for the raw file first.
 *
 * @throws RecomputeError `NWB_FILE_UNKNOWN`, `SORT_GROUP_UNKNOWN`, `SORT_GROUP_EMPTY`,
 *   `INTERVAL_UNKNOWN`, `INTERVAL_OUTSIDE_DATA`, `PARAMS_UNKNOWN`, `PREPROC_PARAMS_INVALID`, `TEAM_UNKNOWN` (exit 2).
 */
export async function loadV1RecordingInputs(em: EntityManager, selection: V1SelectionFields, rawRoot?: string): Promise<V1RecordingInputs> {
  const { nwb_file_name: nwbFileName, sort_group_id: sortGroupId, interval_list_name: intervalName } = selection;
  const nwb = await em.findOne(Nwbfile, { nwb_file_name: nwbFileName });
  if (!nwb) throw v1Errors.nwbFileUnknown(nwbFileName);
  const group = await em.findOne(SortGroupV1, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
  if (!group) throw v1Errors.sortGroupUnknown(nwbFileName, sortGroupId);
  const parts = await em.find(SortGroupElectrodeV1, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
  const electrodeIds = [...new Set(parts.map((p) => Number(p.electrode_id)))].sort((a, b) => a - b);
  if (electrodeIds.length === 0) throw v1Errors.sortGroupEmpty(nwbFileName, sortGroupId);
  const interval = await em.findOne(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: intervalName });
  if (!interval) throw v1Errors.intervalUnknown(nwbFileName, intervalName);
  const rawTimes = await em.findOne(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: RAW_VALID_TIMES_INTERVAL });
  if (!rawTimes) throw v1Errors.intervalUnknown(nwbFileName, RAW_VALID_TIMES_INTERVAL);
  const params = await loadV1Params(em, selection.preproc_param_name);
  if (!(await em.findOne(LabTeam, { team_name: selection.team_name }))) throw v1Errors.teamUnknown(selection.team_name);
  const validTimes = validTimesOf(interval);
  const rawValidTimes = validTimesOf(rawTimes);
  const sortPieces = intersectIntervals(validTimes, rawValidTimes, params.minSegmentLength);
  if (sortPieces.length === 0) {
    const longest = Math.max(0, ...intersectIntervals(validTimes, rawValidTimes).map(([start, end]) => end - start));
    throw v1Errors.intervalOutsideData({
      nwbFileName,
      intervalListName: intervalName,
      validTimes,
      rawValidTimes,
      minLength: params.minSegmentLength,
      longest,
      paramsName: selection.preproc_param_name,
      params,
    });
  }
  return {
    selection,
    // A missing file is reported by the raw reader (`RAW_FILE_NOT_FOUND`) at regeneration, not here:
    // expected-failure checks load these inputs, and a missing raw file is an attempt error.
    rawPath: rawFileReadPath(nwbFileName, nwb.nwb_file_abs_path, rawRoot).path,
    electrodeIds,
    referenceId: Number(group.sort_reference_electrode_id),
    params,
    sortPieces,
  };
}
