import * as api from './index';

describe('public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'FilterPool',
        'NpyWriter',
        'RawRecordingReader',
        'castToInt16',
        'designButterBandpass',
        'divideIntoChunks',
        'estimateRawSamplingRate',
        'filterCalls',
        'filterChunk',
        'createFilterWorkspace',
        'filterMarginSamples',
        'hdmfBufferShape',
        'intersectIntervals',
        'medianFloat64',
        'mergeChannelGroups',
        'medianInt16',
        'npyHeader',
        'planPreprocessing',
        'planSegments',
        'preprocessRecording',
        'rawValidTimes',
        'readNpy',
        'referenceTraces',
        'referenceVector',
        'selectMiddle',
        'filtfiltPadded',
        'samplingFrequencyFromTimestamps',
        'searchsorted',
        'segmentTimestamps',
        'sosfiltZi',
        'sosfiltfilt',
        'sosfiltfiltPadlen',
        'v0ChunkSize',
        'v0SegmentRanges',
        'v1ConsolidatedRanges',
        'withRawRecording',
        'writeNpy',
        'writePreprocessedNpy',
      ].sort(),
    );
  });
});
