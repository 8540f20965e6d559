import type { PyJsonObject, PyJsonValue } from '@spyglass-recompute/nwb';
import { npyToPyJson } from '../npy/npyToPyJson';
import { type SiKwarg, SiRecording } from './SiRecording';

/** spikeinterface version whose JSON this reproduces (`version` keys). */
export const SPIKEINTERFACE_VERSION = '0.99.1';

/** `BaseRecording._main_properties`: the only properties `to_dict()` includes. */
const MAIN_PROPERTIES = ['group', 'location', 'gain_to_uV', 'offset_to_uV'] as const;

/** The `"properties"` entry of `to_dict()`: main properties, `null` when unset. */
export function mainPropertiesToDict(recording: SiRecording): PyJsonObject {
  const out: PyJsonObject = {};
  for (const key of MAIN_PROPERTIES) {
    const value = recording.properties.get(key);
    out[key] = value === undefined ? null : npyToPyJson(value);
  }
  return out;
}

function kwargToPyJson(value: SiKwarg, version: string): PyJsonValue {
  if (value instanceof SiRecording) return extractorToDict(value, version);
  if (Array.isArray(value)) return value.map((v: SiKwarg) => kwargToPyJson(v, version));
  return value as PyJsonValue;
}

/**
 * `recording.to_dict(include_annotations=True, include_properties=False, recursive=True)`
 * as `dump_to_json` writes it into provenance.json (paths kept absolute); `version` is the
 * writer profile's spikeinterface version.
 */
export function extractorToDict(recording: SiRecording, version: string = SPIKEINTERFACE_VERSION): PyJsonObject {
  const kwargs = new Map<string, PyJsonValue>();
  for (const [k, v] of recording.kwargs) kwargs.set(k, kwargToPyJson(v, version));
  return {
    class: recording.className,
    module: 'spikeinterface',
    kwargs,
    version,
    relative_paths: false,
    annotations: new Map(recording.annotations),
    properties: mainPropertiesToDict(recording),
  };
}
