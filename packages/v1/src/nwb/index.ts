export { writeAnalysisNwb } from './writeAnalysisNwb';
export type { WriteAnalysisNwbOptions, WriteAnalysisNwbResult, AnalysisNwbObjectIds } from './writeAnalysisNwb';
export type {
  ProcessedElectricalSeriesInput,
  ProcessedElectricalSeriesLayout,
  RowChunk,
  RowChunkSource,
} from './writeProcessedElectricalSeries';
export { analysisFileName, analysisFilePath, assertV1NwbFileName } from './analysisFileName';
export type { RandomSource } from './analysisFileName';
export { hdmfChunkShape } from './hdmfChunkShape';
export type { HdmfChunkShape, HdmfChunkShapeOptions } from './hdmfChunkShape';
