import * as api from './index';

describe('@spyglass-recompute/v1 public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'DEFAULT_V1_WRITER_PROFILE',
        'SUPPORTED_NAMESPACES',
        'V1_WRITER_PROFILES',
        'V1_WRITER_PROFILE_KEY',
        'detectV1WriterProfile',
        'readV1WriterFacts',
        'v1WriterProfile',
        'writerProfileDifferences',
        'writerProfileMismatch',
        'V1Pipeline',
        'V1_GENERATOR_KEY',
        'V1_HASH_ALGORITHM',
        'V1_JOB_TABLE_NAME',
        'V1_SCHEMA',
        'accumulateDifferences',
        'analysisFileName',
        'analysisFilePath',
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
