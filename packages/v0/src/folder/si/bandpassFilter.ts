import { pyFloat, type PyFloat } from '@spyglass-recompute/nwb';
import { folderErrors } from '../folderErrors';
import { copyMetadata, type SiKwarg, SiRecording, setEntry } from './SiRecording';

/** Band edges exactly as the preprocessing parameters hold them (int `300` vs float `300.0`). */
export interface BandpassFilterOptions {
  readonly freqMin: number | PyFloat;
  readonly freqMax: number | PyFloat;
  /** @default 5.0 (spikeinterface's default; Spyglass never passes its own margin) */
  readonly marginMs?: number;
}

const value = (v: number | PyFloat): number => (typeof v === 'number' ? v : v.value);

/**
 * `spikeinterface.preprocessing.bandpass_filter(recording, freq_min, freq_max)`:
 * annotates `is_filtered=True` and resets `offset_to_uV` to int64 zeros.
 */
export function bandpassFilter(parent: SiRecording, options: BandpassFilterOptions): SiRecording {
  const { freqMin, freqMax, marginMs = 5.0 } = options;
  const lo = value(freqMin);
  const hi = value(freqMax);
  if (!(lo > 0 && hi > lo && hi < parent.samplingFrequency / 2)) {
    throw folderErrors.filterParamsInvalid(
      `band-pass edges must satisfy 0 < frequency_min (${lo}) < frequency_max (${hi}) < fs/2 (${parent.samplingFrequency / 2})`,
    );
  }
  const { annotations, properties } = copyMetadata(parent);
  annotations.set('is_filtered', true);
  const n = parent.channelIds.length;
  const finalProperties = properties.has('offset_to_uV')
    ? setEntry(properties, 'offset_to_uV', { dtype: '<i8', shape: [n], data: new Array<number>(n).fill(0) })
    : properties;
  return new SiRecording({
    className: 'spikeinterface.preprocessing.filter.BandpassFilterRecording',
    kwargs: new Map<string, SiKwarg>([
      ['recording', parent],
      ['freq_min', freqMin],
      ['freq_max', freqMax],
      ['margin_ms', pyFloat(marginMs)],
      ['dtype', parent.dtype],
    ]),
    channelIds: parent.channelIds,
    samplingFrequency: parent.samplingFrequency,
    dtype: parent.dtype,
    annotations,
    properties: finalProperties,
    segments: parent.segments,
  });
}
