export { buildV0Recording, sortGroupChannelIds, TETRODE_PROBE_TYPE } from './folder/buildV0Recording';
export type { ElectrodeProbeInfo, V0RecordingInput } from './folder/buildV0Recording';
export {
  binaryJsonDocument,
  buildFolderFiles,
  probeJsonDocument,
  siFolderJsonDocument,
} from './folder/buildFolderFiles';
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
