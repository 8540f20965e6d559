export { buildV0Recording, sortGroupChannelIds, TETRODE_PROBE_TYPE } from './folder/buildV0Recording';
export type { ElectrodeProbeInfo, V0RecordingInput } from './folder/buildV0Recording';
export { binaryJsonDocument, buildFolderFiles, probeJsonDocument, siFolderJsonDocument } from './folder/buildFolderFiles';
export type { FolderFile, FolderLayout, SegmentFileNames } from './folder/buildFolderFiles';
export { writeRecordingFolder } from './folder/writeRecordingFolder';
export { splitChunksBySegment } from './folder/splitChunksBySegment';
export type { SegmentChunk } from './folder/splitChunksBySegment';
export type { SegmentData, WriteRecordingFolderOptions, WrittenRecordingFolder } from './folder/writeRecordingFolder';
export { readNwbRecordingSource, readNwbTimestamps } from './folder/readNwbRecordingSource';
export type { ReadNwbRecordingSourceOptions } from './folder/readNwbRecordingSource';
export { nwbRecording } from './folder/si/nwbRecording';
export type { NwbElectrodesColumn, NwbRecordingSource } from './folder/si/nwbRecording';
export { SiRecording } from './folder/si/SiRecording';
export type { ChannelId, SegmentTiming, SiKwarg, SiRecordingState, SiSegment } from './folder/si/SiRecording';
export { extractorToDict, SPIKEINTERFACE_VERSION } from './folder/si/extractorToDict';
export { encodeNpy, encodeNpyHeader } from './folder/npy/encodeNpy';
export type { NpyArray, NpyDtype, NpyField, NpyScalar, NpyScalarDtype } from './folder/npy/NpyArray';

// ---- the v0 pipeline: creation, recompute steps, module, on-demand chokepoint, upgrade backfill
export { createV0Recording } from './recording/createV0Recording';
export type { CreateV0RecordingInput, CreatedV0Recording } from './recording/createV0Recording';
export { loadRecordingPath } from './recording/loadRecordingPath';
export { updateV0Ids } from './recording/updateV0Ids';
export type { UpdateV0IdsOptions, UpdateV0IdsResult } from './recording/updateV0Ids';
export { loadV0RecordingSpec } from './recording/loadV0RecordingSpec';
export type { LoadV0RecordingSpecOptions, V0RecordingSpec } from './recording/loadV0RecordingSpec';
export { MIN_SEGMENT_SAMPLES, planV0Segments, writeV0Folder } from './recording/writeV0Folder';
export type { WriteV0FolderOptions } from './recording/writeV0Folder';
export { assertV0FolderNames, recordingFolderName } from './recording/recordingFolderName';
export { v0Errors } from './recording/v0Errors';
export { V0RecomputePipeline } from './recompute/V0RecomputePipeline';
export { V0_RECOMPUTE_SCHEMA, V0_XFAIL_REASONS } from './recompute/v0PipelineFacts';
export type { V0RecomputePipelineOptions } from './recompute/V0RecomputePipeline';
export { createV0Engine } from './recompute/createV0Engine';
export type { V0Key } from './recompute/V0Key';
export { V0_KEY_COLUMNS, v0KeyOf, v0TableDescriptors } from './recompute/v0TableDescriptors';
export { REQUIRED_FOLDER_JSON, folderProblem, readFolderVersions } from './recompute/readFolderVersions';
export type { V0FolderVersions } from './recompute/readFolderVersions';
export { compareV0Folders } from './recompute/compareV0Folders';
export { hashV0Folder } from './recompute/hashV0Folder';
export { parseV0KeyJson, resolveV0Key } from './recompute/resolveV0Key';
export { v0RecomputeModule } from './recompute/v0RecomputeModule';
export type { V0RecomputeModule } from './recompute/v0RecomputeModule';

// ---- writer profiles: which spikeinterface/probeinterface JSON dialect a v0 folder is written in
export { DEFAULT_V0_WRITER_PROFILE, V0_WRITER_PROFILES, v0WriterProfile } from './profiles/v0WriterProfiles';
export type { V0WriterProfile } from './profiles/V0WriterProfile';
export { detectV0WriterProfile, rankV0WriterProfiles, v0WriterProfileDifferences } from './profiles/detectV0WriterProfile';
export type { V0WriterFacts } from './profiles/detectV0WriterProfile';
