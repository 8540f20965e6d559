import { RecomputeError } from '@spyglass-recompute/errors';

/** Typed errors of reading a raw NWB recording (bad input → exit 2 unless the table says otherwise). */
export const rawRecordingErrors = {
  fileNotFound(filePath: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_FILE_NOT_FOUND',
      message: `raw NWB file ${filePath} does not exist`,
      details: { file: filePath },
    });
  },
  fileUnreadable(filePath: string, cause: unknown): RecomputeError {
    return new RecomputeError({
      code: 'RAW_FILE_UNREADABLE',
      message: `cannot open ${filePath} as HDF5: ${(cause as Error).message}`,
      details: { file: filePath },
      cause,
    });
  },
  /** `acquisition` lists each object as `name (neurodata_type)`. */
  noElectricalSeries(filePath: string, acquisition: readonly string[], describe: (name: string) => string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_NOT_ELECTRICAL_SERIES',
      message: `${filePath}: no acquisition ElectricalSeries found (acquisition has ${acquisition.length ? acquisition.map(describe).join(', ') : 'nothing'})`,
      details: { file: filePath, acquisition },
    });
  },
  notElectricalSeries(filePath: string, name: string, type: string | undefined): RecomputeError {
    return new RecomputeError({
      code: 'RAW_NOT_ELECTRICAL_SERIES',
      message: `${filePath}: acquisition/${name} is a ${type ?? 'untyped object'}, not an ElectricalSeries`,
      details: { file: filePath },
    });
  },
  ambiguousSeries(filePath: string, series: readonly string[]): RecomputeError {
    return new RecomputeError({
      code: 'RAW_AMBIGUOUS_SERIES',
      message: `${filePath}: several acquisition ElectricalSeries (${series.join(', ')}); choose one by name`,
      details: { file: filePath, series },
    });
  },
  seriesNotFound(filePath: string, name: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_SERIES_NOT_FOUND',
      message: `${filePath}: acquisition/${name} does not exist`,
      details: { file: filePath },
    });
  },
  dataMissing(filePath: string, name: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_DATA_MISSING',
      message: `${filePath}: acquisition/${name}/data is missing`,
      details: { file: filePath },
    });
  },
  dtypeUnsupported(filePath: string, name: string, dtype: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_DTYPE_UNSUPPORTED',
      message: `${filePath}: acquisition/${name}/data is ${dtype}, only int16 raw data is supported`,
      details: { file: filePath, dtype },
    });
  },
  timestampsMissing(filePath: string, name: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_TIMESTAMPS_MISSING',
      message: `${filePath}: acquisition/${name} has no timestamps dataset (series with only a starting_time/rate are not supported)`,
      details: { file: filePath },
    });
  },
  timestampsMismatch(filePath: string, name: string, timestamps: unknown, samples: unknown): RecomputeError {
    return new RecomputeError({
      code: 'RAW_TIMESTAMPS_MISMATCH',
      message: `${filePath}: acquisition/${name} has ${timestamps} timestamps for ${samples} samples`,
      details: { file: filePath },
    });
  },
  readBufferUnavailable(filePath: string, bytes: number, start: number, end: number): RecomputeError {
    return new RecomputeError({
      code: 'RAW_READ_FAILED',
      message: `${filePath}: cannot allocate ${bytes} bytes to read rows ${start}..${end}`,
    });
  },
  electrodesColumnMissing(filePath: string, column: string): RecomputeError {
    return new RecomputeError({
      code: 'RAW_ELECTRODES_COLUMN_MISSING',
      message: `${filePath}: electrodes table has no column ${column}`,
      details: { file: filePath, column },
    });
  },
  electrodeNotInFile(filePath: string, seriesName: string, electrodeId: number, recorded: readonly number[]): RecomputeError {
    return new RecomputeError({
      code: 'ELECTRODE_NOT_IN_FILE',
      message: `electrode id ${electrodeId} is not recorded in ${filePath} acquisition/${seriesName} (has ${recorded.join(', ')})`,
      details: { file: filePath, electrodeId },
    });
  },
  sampleRangeOutOfBounds(filePath: string, seriesName: string, start: number, end: number, numSamples: number): RecomputeError {
    return new RecomputeError({
      code: 'SAMPLE_RANGE_OUT_OF_BOUNDS',
      message: `sample range [${start}, ${end}) is outside ${filePath} acquisition/${seriesName} (0..${numSamples})`,
      details: { file: filePath, start, end, numSamples },
    });
  },
};
