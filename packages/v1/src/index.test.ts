import * as api from './index';

describe('@spyglass-recompute/v1 public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'SUPPORTED_NAMESPACES',
        'V1Pipeline',
        'V1_GENERATOR_KEY',
        'V1_HASH_ALGORITHM',
        'V1_JOB_TABLE_NAME',
        'V1_LEGACY_HASH_ALGORITHM',
        'V1_SCHEMA',
        'V1_XFAIL_REASONS',
        'accumulateDifferences',
        'analysisFileName',
        'analysisFilePath',
        'assertV1NwbFileName',
        'compareNwbObjects',
        'createV1Engine',
        'createV1Recording',
        'fetchNwb',
        'hdmfChunkShape',
        'loadV1Params',
        'loadV1RecordingInputs',
        'parseV1RecordingId',
        'readSeriesObjectIds',
        'selectionOf',
        'unsupportedNamespaces',
        'updateV1Ids',
        'v1Errors',
        'v1GeneratorVersion',
        'v1RecomputeModule',
        'v1StoredArtefact',
        'v1TableDescriptors',
        'writeAnalysisNwb',
        'writeV1RecordingFile',
      ].sort(),
    );
  });
});
