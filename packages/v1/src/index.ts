// Public API of @spyglass-recompute/v1: the analysis-NWB writer (more arrives with the v1 pipeline).
export { analysisFileName, analysisFilePath, hdmfChunkShape, writeAnalysisNwb } from './nwb/index';
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
