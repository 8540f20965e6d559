import { dumpPythonJson, pyFloat, type PyJsonObject, type PyJsonValue } from '@spyglass-recompute/nwb';
import { folderErrors } from './folderErrors';
import { encodeNpy } from './npy/encodeNpy';
import { npyToPyJson } from './npy/npyToPyJson';
import { contactVectorToProbes } from './probe/contactVectorToProbes';
import { probeInterfaceDocument } from './probe/probeInterfaceDocument';
import { extractorToDict, mainPropertiesToDict, SPIKEINTERFACE_VERSION } from './si/extractorToDict';
import type { SiRecording } from './si/SiRecording';
import type { V0WriterProfile } from '../profiles/V0WriterProfile';
import { v0WriterProfile } from '../profiles/v0WriterProfiles';

/** A metadata file of the folder: path relative to the folder, exact bytes. */
export interface FolderFile {
  readonly relativePath: string;
  readonly content: Uint8Array;
}

/** The data files of one segment (written by streaming, not built in memory). */
export interface SegmentFileNames {
  /** `traces_cached_seg{k}.raw` */
  readonly traces: string;
  /** `times_cached_seg{k}.npy`, or null when the segment has no time vector. */
  readonly times: string | null;
  readonly numSamples: number;
}

/** Everything `recording.save(folder=...)` writes, except the streamed trace/time data. */
export interface FolderLayout {
  readonly metadataFiles: readonly FolderFile[];
  readonly segments: readonly SegmentFileNames[];
}

const text = (doc: PyJsonValue): Uint8Array => new TextEncoder().encode(dumpPythonJson(doc, { indent: 4 }));

/** `binary.json`: the `BinaryRecordingExtractor` that `_save` dumps relative to the folder. */
export function binaryJsonDocument(recording: SiRecording, version: string = SPIKEINTERFACE_VERSION): PyJsonObject {
  const kinds = new Set(recording.segments.map((s) => s.timing.kind));
  if (kinds.size > 1) {
    throw folderErrors.recordingTimingInvalid(
      'every segment must either have a time vector or a t_start (spikeinterface cannot save a mix)',
    );
  }
  const starts = recording.segments.map((s) => (s.timing.kind === 'tStart' ? s.timing.tStart : null));
  if (starts.some((t) => t === null) && starts.some((t) => t !== null)) {
    throw folderErrors.recordingTimingInvalid('either every segment or none may have a t_start');
  }
  const tStarts: PyJsonValue = starts.every((t) => t === null) ? null : starts.map((t) => pyFloat(t as number));
  const gains = recording.properties.get('gain_to_uV');
  const offsets = recording.properties.get('offset_to_uV');
  const gainList = gains === undefined ? null : npyToPyJson(gains);
  const offsetList = offsets === undefined ? null : npyToPyJson(offsets);
  return {
    class: 'spikeinterface.core.binaryrecordingextractor.BinaryRecordingExtractor',
    module: 'spikeinterface',
    kwargs: {
      file_paths: recording.segments.map((_, k) => `traces_cached_seg${k}.raw`),
      sampling_frequency: pyFloat(recording.samplingFrequency),
      t_starts: tStarts,
      num_channels: recording.channelIds.length,
      dtype: recording.dtype,
      channel_ids: [...recording.channelIds],
      time_axis: 0,
      file_offset: 0,
      gain_to_uV: gainList,
      offset_to_uV: offsetList,
      is_filtered: null,
    },
    version,
    relative_paths: true,
    annotations: { is_filtered: false },
    properties: { group: null, location: null, gain_to_uV: gainList, offset_to_uV: offsetList },
  };
}

/** `si_folder.json`: the `BinaryFolderRecording` with the saved recording's metadata copied in. */
export function siFolderJsonDocument(recording: SiRecording, version: string = SPIKEINTERFACE_VERSION): PyJsonObject {
  return {
    class: 'spikeinterface.core.binaryfolder.BinaryFolderRecording',
    module: 'spikeinterface',
    kwargs: { folder_path: '.' },
    version,
    relative_paths: true,
    annotations: new Map(recording.annotations),
    properties: mainPropertiesToDict(recording),
  };
}

/** `probe.json` (`write_probeinterface`), or null when the recording has no probe. */
export function probeJsonDocument(recording: SiRecording, profile: V0WriterProfile = v0WriterProfile()): PyJsonObject | null {
  const contactVector = recording.properties.get('contact_vector');
  if (contactVector === undefined) return null;
  return probeInterfaceDocument(contactVectorToProbes(contactVector), {
    version: profile.probeinterfaceVersion,
    probeAnnotations: profile.probeAnnotations,
  });
}

/**
 * The files spikeinterface `recording.save(folder=...)` writes for `recording` (the last
 * object of the lazy chain) in the writer profile's JSON dialect: provenance.json,
 * binary.json, si_folder.json, probe.json, properties/*.npy, plus the names of the
 * per-segment data files.
 */
export function buildFolderFiles(recording: SiRecording, profile: V0WriterProfile = v0WriterProfile()): FolderLayout {
  const version = profile.spikeinterfaceVersion;
  if (recording.dtype !== '<i2') {
    throw folderErrors.recordingDtypeUnsupported(`v0 folders hold int16 traces, the recording has dtype ${recording.dtype}`);
  }
  const files: FolderFile[] = [
    { relativePath: 'provenance.json', content: text(extractorToDict(recording, version)) },
    { relativePath: 'binary.json', content: text(binaryJsonDocument(recording, version)) },
    { relativePath: 'si_folder.json', content: text(siFolderJsonDocument(recording, version)) },
  ];
  const probe = probeJsonDocument(recording, profile);
  if (probe !== null) files.push({ relativePath: 'probe.json', content: text(probe) });
  for (const [key, values] of recording.properties) {
    files.push({ relativePath: `properties/${key}.npy`, content: encodeNpy(values) });
  }
  const segments = recording.segments.map((s, k) => ({
    traces: `traces_cached_seg${k}.raw`,
    times: s.timing.kind === 'timeVector' ? `times_cached_seg${k}.npy` : null,
    numSamples: s.numSamples,
  }));
  return { metadataFiles: files, segments };
}
