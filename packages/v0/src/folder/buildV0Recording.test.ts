import { dumpPythonJson, parsePythonJson } from '@spyglass-recompute/nwb';
import { buildFolderFiles } from './buildFolderFiles';
import { assertChannelsSliceableByElectrodeId, buildV0Recording, sortGroupChannelIds } from './buildV0Recording';
import { fixtureV0Input } from './test-support/fixtureRecording';

type Json = Record<string, unknown>;
const decode = (bytes: Uint8Array): Json => JSON.parse(new TextDecoder().decode(bytes)) as Json;
const fileOf = (layout: ReturnType<typeof buildFolderFiles>, name: string): Uint8Array => {
  const file = layout.metadataFiles.find((f) => f.relativePath === name);
  if (!file) throw new Error(`no ${name}`);
  return file.content;
};
const npyText = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(10, 128)).toString('latin1').trimEnd();

test('sortGroupChannelIds is np.setdiff1d (sorted, unique, reference removed)', () => {
  expect(sortGroupChannelIds([7, 5, 4, 5, 6], 4)).toEqual([5, 6, 7]);
  expect(sortGroupChannelIds([3, 1, 2], -2)).toEqual([1, 2, 3]);
});

describe('multi-segment recording (two sort pieces → append_recordings)', () => {
  test('one traces/times file per segment and an AppendSegmentRecording provenance', async () => {
    const { input } = await fixtureV0Input('short', '1');
    const recording = buildV0Recording({
      ...input,
      framePieces: [
        [15000, 40000],
        [50000, 75000],
      ],
    });
    expect(recording.segments.map((s) => s.numSamples)).toEqual([25000, 25000]);
    const layout = buildFolderFiles(recording);
    expect(layout.segments).toEqual([
      { traces: 'traces_cached_seg0.raw', times: 'times_cached_seg0.npy', numSamples: 25000 },
      { traces: 'traces_cached_seg1.raw', times: 'times_cached_seg1.npy', numSamples: 25000 },
    ]);
    const binary = decode(fileOf(layout, 'binary.json'));
    expect((binary.kwargs as Json).file_paths).toEqual(['traces_cached_seg0.raw', 'traces_cached_seg1.raw']);
    expect((binary.kwargs as Json).t_starts).toBeNull();

    // Chain: Bandpass → CommonReference(global) → ChannelSlice → AppendSegment → [FrameSlice → Nwb] × 2
    const provenance = decode(fileOf(layout, 'provenance.json'));
    const slice = ((provenance.kwargs as Json).recording as Json).kwargs as Json;
    const append = ((slice.recording as Json).kwargs as Json).parent_recording as Json;
    expect(append.class).toBe('spikeinterface.core.segmentutils.AppendSegmentRecording');
    const list = (append.kwargs as Json).recording_list as Json[];
    expect(list.map((r) => [(r.kwargs as Json).start_frame, (r.kwargs as Json).end_frame])).toEqual([
      [15000, 40000],
      [50000, 75000],
    ]);
    expect(list.map((r) => ((r.kwargs as Json).parent_recording as Json).class)).toEqual([
      'spikeinterface.extractors.nwbextractors.NwbRecordingExtractor',
      'spikeinterface.extractors.nwbextractors.NwbRecordingExtractor',
    ]);
    expect((append.kwargs as Json).sampling_frequency_max_diff).toBe(0);
    // Round trip through the Python-JSON parser: the text is valid Python json output.
    const text = new TextDecoder().decode(fileOf(layout, 'provenance.json'));
    expect(dumpPythonJson(parsePythonJson(text), { indent: 4 })).toBe(text);
  });
});

describe('non-tetrode group (reference taken from inside the tetrode → 3 channels)', () => {
  test.each([
    ['0', 3, [0, 1, 2], 0],
    ['1', 7, [4, 5, 6], 1],
  ] as const)(
    'group %s with reference %s keeps the raw dummy probe (3-D, radius 1, no contact ids)',
    async (group, ref, channels, groupIndex) => {
      const { input } = await fixtureV0Input('short', group);
      const recording = buildV0Recording({
        ...input,
        sortGroup: { electrodeIds: [...input.sortGroup.electrodeIds, ref], referenceElectrodeId: ref },
      });
      expect(recording.channelIds).toEqual(channels);
      const layout = buildFolderFiles(recording);
      const probe = decode(fileOf(layout, 'probe.json'));
      const [p] = probe.probes as Json[];
      expect(p).toEqual({
        ndim: 3,
        si_units: 'um',
        annotations: {},
        contact_annotations: {},
        // rel_x/rel_y of the electrodes; probeinterface's to_3d puts z = 0
        contact_positions: [
          [0, 0, 0],
          [0, 12.5, 0],
          [12.5, 0, 0],
        ],
        contact_plane_axes: new Array(3).fill([
          [1, 0, 0],
          [0, 1, 0],
        ]),
        contact_shapes: ['circle', 'circle', 'circle'],
        contact_shape_params: new Array(3).fill({ radius: 1 }),
        device_channel_indices: [0, 1, 2],
        shank_ids: ['', '', ''],
      });
      expect(new TextDecoder().decode(fileOf(layout, 'probe.json'))).toContain('"radius": 1.0');
      const siFolder = decode(fileOf(layout, 'si_folder.json'));
      expect((siFolder.properties as Json).group).toEqual([groupIndex, groupIndex, groupIndex]);
      expect(((siFolder.properties as Json).location as number[][]).map((l) => l.length)).toEqual([3, 3, 3]);
      expect(npyText(fileOf(layout, 'properties/location.npy'))).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }");
      expect(npyText(fileOf(layout, 'properties/contact_vector.npy'))).toContain("('z', '<f8')");
    },
  );
});

describe('typed errors for bad input', () => {
  test('reference -1 is rejected like Spyglass v0 ("Invalid reference channel ID")', async () => {
    const { input } = await fixtureV0Input('short', '0');
    expect(() => buildV0Recording({ ...input, sortGroup: { electrodeIds: [0, 1, 2, 3], referenceElectrodeId: -1 } })).toThrow(
      expect.objectContaining({ code: 'REFERENCE_INVALID' }),
    );
  });

  test('a frame piece outside the raw series', async () => {
    const { input } = await fixtureV0Input('short', '0');
    expect(() => buildV0Recording({ ...input, framePieces: [[15000, 90001]] })).toThrow(
      expect.objectContaining({ code: 'FRAME_SLICE_INVALID' }),
    );
    expect(() => buildV0Recording({ ...input, framePieces: [] })).toThrow(expect.objectContaining({ code: 'SORT_INTERVAL_EMPTY' }));
  });

  test('an electrode the raw file does not have', async () => {
    const { input } = await fixtureV0Input('short', '1');
    expect(() => buildV0Recording({ ...input, sortGroup: { electrodeIds: [4, 5, 99], referenceElectrodeId: -2 } })).toThrow(
      expect.objectContaining({ code: 'CHANNEL_SLICE_INVALID' }),
    );
  });

  test('a raw file with channel names: Spyglass v0 cannot slice it either; the error says so and points to v1', () => {
    expect(() => assertChannelsSliceableByElectrodeId(['ch00', 'ch01', 'ch02', 'ch03'], [0, 1, 2, 3])).toThrow(
      expect.objectContaining({
        code: 'CHANNEL_SLICE_INVALID',
        message: expect.stringMatching(/channel_name column.*\[ch00, ch01, ch02, ch03\].*\[0, 1, 2, 3\].*recompute v1 recording create/),
      }),
    );
    expect(() => assertChannelsSliceableByElectrodeId([0, 1, 2, 3, 4], [0, 1, 4])).not.toThrow();
  });

  test('frequency_max at or above Nyquist', async () => {
    const { input } = await fixtureV0Input('short', '0');
    expect(() => buildV0Recording({ ...input, filter: { frequencyMin: 300, frequencyMax: 15000 } })).toThrow(
      expect.objectContaining({ code: 'FILTER_PARAMS_INVALID' }),
    );
  });

  test('a channel without probe information', async () => {
    const { input } = await fixtureV0Input('short', '0');
    expect(() => buildV0Recording({ ...input, electrodeProbes: new Map() })).toThrow(
      expect.objectContaining({ code: 'ELECTRODE_PROBE_MISSING' }),
    );
  });
});
