// Public API of @spyglass-recompute/v1: the analysis-NWB writer and the v1 recording pipeline.
export { analysisFileName, analysisFilePath, assertV1NwbFileName, hdmfChunkShape, writeAnalysisNwb } from './nwb/index';
export type {
  AnalysisNwbObjectIds,
  HdmfChunkShape,
  HdmfChunkShapeOptions,
  ProcessedElectricalSeriesInput,
  ProcessedElectricalSeriesLayout,
  RandomSource,
  RowChunk,
  RowChunkSource,
  WriteAnalysisNwbOptions,
  WriteAnalysisNwbResult,
} from './nwb/index';

// ---- the v1 recording pipeline
export { createV1Recording } from './recording/createV1Recording';
export type { CreateV1RecordingContext, CreateV1RecordingInput, CreateV1RecordingResult } from './recording/createV1Recording';
export { createV1Engine } from './recompute/createV1Engine';
export { fetchNwb } from './recording/fetchNwb';
export { updateV1Ids } from './recording/updateV1Ids';
export type { UpdateV1IdsOptions, UpdateV1IdsResult } from './recording/updateV1Ids';
export { V1_JOB_TABLE_NAME, v1RecomputeModule } from './recompute/v1RecomputeModule';
export type { V1KeyParsing } from './recompute/v1RecomputeModule';
export { parseV1RecordingId } from './recording/parseV1RecordingId';
export { V1RecomputePipeline, selectionOf, writerProfileMismatch } from './recompute/V1RecomputePipeline';
export type { V1RecomputePipelineOptions } from './recompute/V1RecomputePipeline';
export { V1_HASH_ALGORITHM, V1_LEGACY_HASH_ALGORITHM, V1_RECOMPUTE_SCHEMA, V1_XFAIL_REASONS } from './recompute/v1PipelineFacts';
export { v1StoredArtefact, v1StoredArtefacts, v1TableDescriptors } from './recompute/v1TableDescriptors';
export type { V1RecordingKey } from './recompute/v1TableDescriptors';
export { loadV1Params, loadV1RecordingInputs } from './recording/loadV1RecordingInputs';
export type { V1PreprocessingParams, V1RecordingInputs, V1SelectionFields } from './recording/loadV1RecordingInputs';
export { writeV1RecordingFile } from './recording/writeV1RecordingFile';
export type { WriteV1RecordingFileOptions, WrittenV1RecordingFile } from './recording/writeV1RecordingFile';
export { readSeriesObjectIds } from './recording/readSeriesObjectIds';
export type { SeriesObjectIds } from './recording/readSeriesObjectIds';
export { accumulateDifferences, compareNwbObjects } from './recompute/compareNwbObjects';
export type { DifferenceAccumulator } from './recompute/compareNwbObjects';
export { SUPPORTED_NAMESPACES, V1_GENERATOR_KEY, unsupportedNamespaces, v1GeneratorVersion } from './recompute/v1GeneratorVersion';
export { v1Errors } from './recording/v1Errors';

// ---- writer profiles: which pynwb/hdmf/Spyglass stack a v1 file is written as
export { DEFAULT_V1_WRITER_PROFILE, V1_WRITER_PROFILES, v1WriterProfile } from './profiles/v1WriterProfiles';
export type { CachedNamespace, CachedSpecifications, V1WriterProfile } from './profiles/V1WriterProfile';
export { V1_WRITER_PROFILE_KEY, detectV1WriterProfile, writerProfileDifferences } from './profiles/detectV1WriterProfile';
export type { V1WriterFacts } from './profiles/detectV1WriterProfile';
export { readV1WriterFacts } from './profiles/readV1WriterFacts';
