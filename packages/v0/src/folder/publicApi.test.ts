import * as api from '../index';

// Pins the runtime exports of @spyglass-recompute/v0 that the folder writer provides.
test('public API of the v0 folder writer', () => {
  expect(Object.keys(api).sort()).toEqual([
    'SPIKEINTERFACE_VERSION',
    'SiRecording',
    'TETRODE_PROBE_TYPE',
    'binaryJsonDocument',
    'buildFolderFiles',
    'buildV0Recording',
    'encodeNpy',
    'encodeNpyHeader',
    'extractorToDict',
    'nwbRecording',
    'probeJsonDocument',
    'readNwbRecordingSource',
    'readNwbTimestamps',
    'siFolderJsonDocument',
    'sortGroupChannelIds',
    'splitChunksBySegment',
    'writeRecordingFolder',
  ]);
});
