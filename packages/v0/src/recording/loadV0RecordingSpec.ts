import type { EntityManager } from '@mikro-orm/core';
import { RAW_VALID_TIMES_INTERVAL, rawFileReadPath } from '@spyglass-recompute/common';
import type { DataRoots } from '@spyglass-recompute/nwb';
import { intersectIntervals, type Interval } from '@spyglass-recompute/preprocessing';
import {
  Electrode,
  IntervalList,
  LabTeam,
  Nwbfile,
  Probe,
  SortGroupElectrodeV0,
  SortGroupV0,
  SortIntervalV0,
  SpikeSortingPreprocessingParametersV0,
  SpikeSortingRecordingSelectionV0,
} from '@spyglass-recompute/schema';
import type { ElectrodeProbeInfo } from '../folder/buildV0Recording';
import { recordingFolderName } from './recordingFolderName';
import { v0Errors } from './v0Errors';
import type { V0Key } from '../recompute/V0Key';

/** Everything needed to write (or rewrite) one v0 recording folder, read from the database. */
export interface V0RecordingSpec {
  key: V0Key;
  /** `{nwb}_{interval}_{group}_{params}`: folder name and `sort_interval_list_name`. */
  folderName: string;
  /** Where this process reads the raw file. */
  rawReadPath: string;
  /** The raw path written into `provenance.json`: `Nwbfile.nwb_file_abs_path` as registered. */
  rawRecordedPath: string;
  /** The interval list the sort interval is intersected with (selection `interval_list_name`). */
  intervalListName: string;
  /** Sort pieces (seconds): sort interval ∩ valid times, v0 length rule; one segment each. */
  sortPieces: Interval[];
  electrodeIds: number[];
  referenceId: number;
  /** As stored (JSON numbers). */
  params: Record<string, unknown>;
  frequencyMin: number;
  frequencyMax: number;
  electrodeProbes: Map<number, ElectrodeProbeInfo>;
}

/** Options of {@link loadV0RecordingSpec}. */
export interface LoadV0RecordingSpecOptions {
  roots: Pick<DataRoots, 'raw'>;
  /** Interval list to intersect with; @default the selection row's, else "raw data valid times" */
  intervalListName?: string;
}

/** Sort interval as stored: `[start, end]` or a list of pairs. */
function sortIntervalPieces(value: unknown): Interval[] {
  const arr = value as unknown[];
  if (Array.isArray(arr) && arr.length === 2 && typeof arr[0] === 'number') return [[Number(arr[0]), Number(arr[1])]];
  return (arr as unknown[][]).map((pair) => [Number(pair[0]), Number(pair[1])] as Interval);
}

/**
 * The raw file by the shared rule ({@link rawFileReadPath}: under `SPYGLASS_RAW_DIR` first, else
 * the registered path); v0 validates before writing, so a missing one is refused here. The path
 * written into provenance is always the *registered* one, so a database whose raw root was
 * elsewhere (e.g. `/data/spyglass/raw`) regenerates byte-identical folders.
 */
function resolveRawPath(nwbFileName: string, registered: string, rawRoot: string): string {
  const raw = rawFileReadPath(nwbFileName, registered, rawRoot);
  if (!raw.exists) throw v0Errors.rawFileMissing(nwbFileName, raw.tried);
  return raw.path;
}

/**
 * Reads and validates the database rows of one v0 recording (selection key) the way Spyglass
 * v0 `SpikeSortingRecording.make` does, without touching any file but the raw file's existence.
 *
 * @throws RecomputeError `NWB_FILE_UNKNOWN`, `SORT_GROUP_UNKNOWN`, `SORT_INTERVAL_UNKNOWN`,
 *   `PREPROCESSING_PARAMETERS_UNKNOWN`, `LAB_TEAM_UNKNOWN`, `INTERVAL_LIST_UNKNOWN`, `REFERENCE_INVALID`,
 *   `SORT_GROUP_ELECTRODE_UNKNOWN`, `SORT_GROUP_EMPTY`, `SORT_INTERVAL_EMPTY`,
 *   `PREPROC_PARAMS_INVALID`, `RAW_FILE_NOT_FOUND`.
 */
export async function loadV0RecordingSpec(em: EntityManager, key: V0Key, options: LoadV0RecordingSpecOptions): Promise<V0RecordingSpec> {
  const fork = em.fork();
  const {
    nwb_file_name: nwbFileName,
    sort_group_id: sortGroupId,
    sort_interval_name: sortIntervalName,
    preproc_params_name: paramsName,
    team_name: teamName,
  } = key;
  const nwb = await fork.findOne(Nwbfile, { nwb_file_name: nwbFileName });
  if (!nwb) throw v0Errors.unknownRow('nwb file', { nwb_file_name: nwbFileName }, 'Ingest it first (`recompute ingest`).');
  const group = await fork.findOne(SortGroupV0, { nwb_file_name: nwbFileName, sort_group_id: sortGroupId });
  if (!group)
    throw v0Errors.unknownRow(
      'sort group',
      { nwb_file_name: nwbFileName, sort_group_id: sortGroupId },
      'Create it with `recompute v0 sort-group set`.',
    );
  const interval = await fork.findOne(SortIntervalV0, { nwb_file_name: nwbFileName, sort_interval_name: sortIntervalName });
  if (!interval) {
    throw v0Errors.unknownRow(
      'sort interval',
      { nwb_file_name: nwbFileName, sort_interval_name: sortIntervalName },
      'Add it with `recompute v0 sort-interval add`.',
    );
  }
  const paramsRow = await fork.findOne(SpikeSortingPreprocessingParametersV0, { preproc_params_name: paramsName });
  if (!paramsRow)
    throw v0Errors.unknownRow('preprocessing parameters', { preproc_params_name: paramsName }, 'Add them with `recompute v0 params add`.');
  if (!(await fork.findOne(LabTeam, { team_name: teamName })))
    throw v0Errors.unknownRow('lab team', { team_name: teamName }, 'Ingest with --team or use an existing team.');

  const selection = await fork.findOne(SpikeSortingRecordingSelectionV0, { ...key });
  const intervalListName = options.intervalListName ?? selection?.interval_list_name ?? RAW_VALID_TIMES_INTERVAL;
  const validTimes = await fork.findOne(IntervalList, { nwb_file_name: nwbFileName, interval_list_name: intervalListName });
  if (!validTimes)
    throw v0Errors.unknownRow(
      'interval list',
      { nwb_file_name: nwbFileName, interval_list_name: intervalListName },
      'Add it with `recompute interval add`.',
    );

  const referenceId = group.sort_reference_electrode_id;
  const parts = await fork.find(
    SortGroupElectrodeV0,
    { nwb_file_name: nwbFileName, sort_group_id: sortGroupId },
    { orderBy: { electrode_id: 'asc' } },
  );
  const electrodeIds = parts.map((part) => part.electrode_id);
  const electrodes = await fork.find(Electrode, { nwb_file_name: nwbFileName });
  const byId = new Map(electrodes.map((row) => [row.electrode_id, row]));
  if (referenceId === -1)
    throw v0Errors.referenceInvalid(nwbFileName, sortGroupId, referenceId, 'v0 preprocessing rejects -1 (no reference)');
  if (!Number.isInteger(referenceId) || referenceId < -2)
    throw v0Errors.referenceInvalid(nwbFileName, sortGroupId, referenceId, 'not a valid reference id');
  if (referenceId >= 0 && !byId.has(referenceId)) {
    throw v0Errors.referenceInvalid(nwbFileName, sortGroupId, referenceId, `electrode ${referenceId} is not in ${nwbFileName}`);
  }
  const unknown = electrodeIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw v0Errors.electrodeUnknown(nwbFileName, sortGroupId, unknown, [...byId.keys()]);
  if (electrodeIds.filter((id) => id !== referenceId).length === 0) throw v0Errors.sortGroupEmpty(nwbFileName, sortGroupId);

  const params = paramsRow.preproc_params;
  const frequencyMin = Number(params.frequency_min ?? 300);
  const frequencyMax = Number(params.frequency_max ?? 6000);
  if (!(Number.isFinite(frequencyMin) && Number.isFinite(frequencyMax) && frequencyMin > 0 && frequencyMax > frequencyMin)) {
    throw v0Errors.paramsInvalid(
      paramsName,
      `frequency_min ${String(params.frequency_min)} / frequency_max ${String(params.frequency_max)} do not make a band`,
    );
  }
  // v0 drops short pieces only when its params carry min_segment_length; otherwise min_length 0.
  const minLength = params.min_segment_length === undefined ? 0 : Number(params.min_segment_length);
  const sortPieces = intersectIntervals(sortIntervalPieces(interval.sort_interval), validTimes.valid_times as Interval[], minLength);
  if (sortPieces.length === 0) throw v0Errors.sortIntervalEmpty(nwbFileName, sortIntervalName, intervalListName);

  const probeIds = [
    ...new Set(
      [...electrodeIds, ...(referenceId >= 0 ? [referenceId] : [])].map((id) => byId.get(id)?.probe_id).filter((id): id is string => !!id),
    ),
  ];
  const probes = probeIds.length > 0 ? await fork.find(Probe, { probe_id: { $in: probeIds } }) : [];
  const probeType = new Map(probes.map((probe) => [probe.probe_id, probe.probe_type]));
  const electrodeProbes = new Map<number, ElectrodeProbeInfo>(
    electrodeIds.map((id) => {
      const row = byId.get(id);
      return [id, { probeType: probeType.get(row?.probe_id ?? '') ?? '', electrodeGroupName: row?.electrode_group_name ?? '' }];
    }),
  );
  return {
    key: { ...key },
    folderName: recordingFolderName(key),
    rawReadPath: resolveRawPath(nwbFileName, nwb.nwb_file_abs_path, options.roots.raw),
    rawRecordedPath: nwb.nwb_file_abs_path,
    intervalListName,
    sortPieces,
    electrodeIds,
    referenceId,
    params,
    frequencyMin,
    frequencyMax,
    electrodeProbes,
  };
}
