export { synthesizeTimestamps, synthesizeTraces } from './synthetic/synthesizeTraces';
export type { SyntheticSignalOptions } from './synthetic/synthesizeTraces';
export { writeSyntheticRawNwb } from './synthetic/writeSyntheticRawNwb';
export type { SyntheticRawNwbOptions } from './synthetic/writeSyntheticRawNwb';

// ---- raw NWB ingestion and common-table operations
export { commonErrors } from './ingest/commonErrors';
export { idRanges } from './ingest/idRanges';
export { DEFAULT_TEAM_NAME, RAW_VALID_TIMES_INTERVAL, ingestRawNwb } from './ingest/ingestRawNwb';
export type { AlreadyIngested, IngestRawNwbOptions, IngestSummary } from './ingest/ingestRawNwb';
export { readRawNwbMetadata } from './ingest/readRawNwbMetadata';
export type { RawNwbDevice, RawNwbElectrode, RawNwbElectrodeGroup, RawNwbMetadata } from './ingest/RawNwbMetadata';
export { scanValidTimes } from './ingest/scanValidTimes';
export type { TimestampBatchReader } from './ingest/scanValidTimes';
export { placeRawFile, isInsideRoot } from './ingest/placeRawFile';
export { rawFileReadPath } from './ingest/rawFileReadPath';
export type { RawFileLocation } from './ingest/rawFileReadPath';
export type { PlacedRawFile } from './ingest/placeRawFile';
export { fileDifference, fileFingerprint } from './ingest/fileFingerprint';
export type { FileFingerprint } from './ingest/fileFingerprint';
export { requireNwbFile } from './ingest/requireNwbFile';
export { planDefaultSortGroups } from './sort-groups/planDefaultSortGroups';
export type { SortGroupMode, SortGroupPlan, SortGroupPlanResult, SortableElectrode } from './sort-groups/planDefaultSortGroups';
export { setSortGroup } from './sort-groups/setSortGroup';
export type { SetSortGroupInput, SetSortGroupResult } from './sort-groups/setSortGroup';
export { findSortGroup } from './sort-groups/sortGroupTables';
export type { SortGroupRows } from './sort-groups/sortGroupTables';
export { addInterval } from './intervals/addInterval';
export type { AddIntervalResult, TimeWindowInput } from './intervals/addInterval';
export { addSortInterval } from './intervals/addSortInterval';
export type { AddSortIntervalResult } from './intervals/addSortInterval';
export {
  DEFAULT_PREPROC_PARAMS_NAME,
  addPreprocessingParams,
  buildPreprocessingParams,
  defaultPreprocessingParams,
  ensureDefaultPreprocessingParams,
} from './params/preprocessingParams';
export type { AddPreprocessingParamsResult, PreprocessingParamsInput, SpikeSortingPipeline } from './params/preprocessingParams';
export { listSortGroups } from './listing/listSortGroups';
export { listTimeWindows } from './listing/listTimeWindows';
export type { TimeWindowRow } from './listing/listTimeWindows';
export { listPreprocessingParams } from './listing/listPreprocessingParams';
export type { PreprocessingParamsRow } from './listing/listPreprocessingParams';
