export { synthesizeTimestamps, synthesizeTraces } from './synthetic/synthesizeTraces';
export type { SyntheticSignalOptions } from './synthetic/synthesizeTraces';
export { writeSyntheticRawNwb } from './synthetic/writeSyntheticRawNwb';
export type { SyntheticRawNwbOptions } from './synthetic/writeSyntheticRawNwb';
