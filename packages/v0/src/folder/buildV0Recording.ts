import type { PyFloat } from '@spyglass-recompute/nwb';
import { folderErrors } from './folderErrors';
import { createProbe, setContactIds, setDeviceChannelIndices } from './probe/Probe';
import { appendRecordings } from './si/appendRecordings';
import { bandpassFilter } from './si/bandpassFilter';
import { channelSlice } from './si/channelSlice';
import { commonReference } from './si/commonReference';
import { frameSlice } from './si/frameSlice';
import { nwbRecording, type NwbRecordingSource } from './si/nwbRecording';
import { setProbes } from './si/setProbes';
import type { ChannelId, SiRecording } from './si/SiRecording';

/** Probe facts of one electrode (Spyglass `Electrode * Probe`). */
export interface ElectrodeProbeInfo {
  readonly probeType: string;
  readonly electrodeGroupName: string;
}

/** Everything Spyglass v0 `SpikeSortingRecording._get_filtered_recording` reads. */
export interface V0RecordingInput {
  /** The raw NWB series as spikeinterface's NWB extractor sees it. */
  readonly source: NwbRecordingSource;
  /**
   * `[start, end)` raw frame indices of each sort piece (searchsorted + adjacent-merge);
   * more than one piece gives a multi-segment recording.
   */
  readonly framePieces: readonly (readonly [number, number])[];
  /** Sort group electrode ids (the reference may be among them) and reference id (>= 0 or -2). */
  readonly sortGroup: { readonly electrodeIds: readonly number[]; readonly referenceElectrodeId: number };
  /** Band edges as stored in the preprocessing parameters (keep int vs float). */
  readonly filter: { readonly frequencyMin: number | PyFloat; readonly frequencyMax: number | PyFloat };
  /** Probe type and electrode group of every sort-group channel, by electrode id. */
  readonly electrodeProbes: ReadonlyMap<number, ElectrodeProbeInfo>;
  /** The writer profile's `Probe().annotations` (probeinterface <= 0.2.17: `{"name": ""}`). @default {} */
  readonly probeAnnotations?: Readonly<Record<string, string>>;
}

/** Probe type whose 4-channel groups Spyglass re-draws as a 12.5 µm square. */
export const TETRODE_PROBE_TYPE = 'tetrode_12.5';
const TETRODE_POSITIONS = [
  [0, 0],
  [0, 12.5],
  [12.5, 0],
  [12.5, 12.5],
];

/** `np.setdiff1d(ids, [ref])`: sorted unique ids other than the reference. */
export function sortGroupChannelIds(electrodeIds: readonly number[], referenceElectrodeId: number): number[] {
  return [...new Set(electrodeIds)].filter((id) => id !== referenceElectrodeId).sort((a, b) => a - b);
}

/**
 * Spyglass v0 slices channels by electrode id, but spikeinterface 0.99.1's NWB extractor uses the
 * electrodes table's `channel_name` column as channel ids when it exists: Spyglass v0 itself then
 * fails in `channel_slice`. Say so, and point to the v1 pipeline (which selects by electrode id),
 * instead of the bare ChannelSliceRecording message.
 */
export function assertChannelsSliceableByElectrodeId(parentChannelIds: readonly ChannelId[], electrodeIds: readonly number[]): void {
  if (!parentChannelIds.some((id) => typeof id === 'string')) return;
  const shown = parentChannelIds.length > 6 ? [...parentChannelIds.slice(0, 6), '…'] : parentChannelIds;
  throw folderErrors.channelSliceInvalid(
    `The raw file's electrodes table has a channel_name column, so spikeinterface 0.99.1 (the version Spyglass v0 runs) uses those names ` +
      `[${shown.join(', ')}] as channel ids, while Spyglass v0 selects channels by electrode id [${electrodeIds.join(', ')}]: ` +
      'Spyglass v0 fails the same way on this file, so no v0 recording can be made from it. Use the v1 pipeline, which selects by electrode id ' +
      '(`recompute v1 recording create --nwb-file … --sort-group … --interval …`).',
    { channelNames: [...parentChannelIds], electrodeIds: [...electrodeIds] },
  );
}

/**
 * Rebuilds the spikeinterface object chain Spyglass v0 saves: NWB extractor → frame slice
 * (or one slice per piece + `append_recordings`) → referencing → band-pass filter → tetrode
 * probe (only for exactly 4 channels of probe type `tetrode_12.5` in one electrode group).
 */
export function buildV0Recording(input: V0RecordingInput): SiRecording {
  const raw = nwbRecording(input.source, input.probeAnnotations);
  if (input.framePieces.length === 0) {
    throw folderErrors.sortIntervalEmpty('the sort interval has no valid piece: nothing to save');
  }
  let recording =
    input.framePieces.length > 1
      ? appendRecordings(input.framePieces.map(([s, e]) => frameSlice(raw, s, e)))
      : frameSlice(raw, input.framePieces[0]?.[0] as number, input.framePieces[0]?.[1] as number);

  const { electrodeIds, referenceElectrodeId: ref } = input.sortGroup;
  const channelIds = sortGroupChannelIds(electrodeIds, ref);
  if (channelIds.length === 0) {
    throw folderErrors.sortGroupEmpty('the sort group has no electrode besides its reference');
  }
  assertChannelsSliceableByElectrodeId(raw.channelIds, [...channelIds, ...(ref >= 0 ? [ref] : [])]);
  if (ref >= 0) {
    recording = channelSlice(recording, [...channelIds, ref]);
    recording = commonReference(recording, { reference: 'single', refChannelId: ref });
    recording = channelSlice(recording, channelIds);
  } else if (ref === -2) {
    recording = channelSlice(recording, channelIds);
    recording = commonReference(recording, { reference: 'global', operator: 'median' });
  } else {
    throw folderErrors.referenceInvalid(
      `Invalid reference channel ID ${ref}: Spyglass v0 accepts an electrode id (>= 0) or -2 (global median)`,
    );
  }
  recording = bandpassFilter(recording, { freqMin: input.filter.frequencyMin, freqMax: input.filter.frequencyMax });

  const infos = channelIds.map((id) => {
    const info = input.electrodeProbes.get(id);
    if (info === undefined) {
      throw folderErrors.electrodeProbeMissing(`no probe type / electrode group for electrode ${id}`);
    }
    return info;
  });
  const isTetrode =
    infos.length === 4 &&
    infos.every((i) => i.probeType === TETRODE_PROBE_TYPE) &&
    infos.every((i) => i.electrodeGroupName === infos[0]?.electrodeGroupName);
  if (isTetrode) {
    let probe = createProbe(TETRODE_POSITIONS, { shape: 'circle', shapeParams: { radius: 6.25 } });
    probe = setContactIds(probe, channelIds);
    probe = setDeviceChannelIndices(probe, [0, 1, 2, 3]);
    recording = setProbes(recording, [probe], input.probeAnnotations);
  }
  return recording;
}
