import type { PyJsonValue } from '@spyglass-recompute/nwb';
import { type NpyArray, takeRows } from '../npy/NpyArray';

/** A spikeinterface channel id (electrode table id, or a `channel_name` string). */
export type ChannelId = number | string;

/** How a segment knows its times (spikeinterface `get_times_kwargs`). */
export type SegmentTiming =
  /** A time vector (timestamps); `rawStart` is its first sample in the raw series. */
  | { readonly kind: 'timeVector'; readonly rawStart: number }
  /** No vector: times are `t_start + i / fs` (`t_start` may be None). */
  | { readonly kind: 'tStart'; readonly tStart: number | null };

/** One recording segment: its length and timing. */
export interface SiSegment {
  readonly numSamples: number;
  readonly timing: SegmentTiming;
}

/** A constructor argument as spikeinterface keeps it in `_kwargs` (parents stay objects). */
export type SiKwarg = PyJsonValue | SiRecording | readonly SiKwarg[];

/** Everything {@link SiRecording} holds. */
export interface SiRecordingState {
  /** Full class path, e.g. `spikeinterface.core.channelslice.ChannelSliceRecording`. */
  readonly className: string;
  /** `_kwargs` in insertion order. */
  readonly kwargs: ReadonlyMap<string, SiKwarg>;
  readonly channelIds: readonly ChannelId[];
  readonly samplingFrequency: number;
  /** numpy `dtype.str` of the traces. */
  readonly dtype: string;
  /** `_annotations` in insertion order. */
  readonly annotations: ReadonlyMap<string, PyJsonValue>;
  /** `_properties` in insertion order. */
  readonly properties: ReadonlyMap<string, NpyArray>;
  readonly segments: readonly SiSegment[];
}

/**
 * An immutable stand-in for one spikeinterface 0.99.1 recording object of a lazy chain:
 * what `to_dict()` serialises and what `save()` writes as metadata. Traces are not here;
 * they are produced by the preprocessing package and streamed by the folder writer.
 */
export class SiRecording implements SiRecordingState {
  readonly className: string;
  readonly kwargs: ReadonlyMap<string, SiKwarg>;
  readonly channelIds: readonly ChannelId[];
  readonly samplingFrequency: number;
  readonly dtype: string;
  readonly annotations: ReadonlyMap<string, PyJsonValue>;
  readonly properties: ReadonlyMap<string, NpyArray>;
  readonly segments: readonly SiSegment[];

  constructor(state: SiRecordingState) {
    this.className = state.className;
    this.kwargs = state.kwargs;
    this.channelIds = state.channelIds;
    this.samplingFrequency = state.samplingFrequency;
    this.dtype = state.dtype;
    this.annotations = state.annotations;
    this.properties = state.properties;
    this.segments = state.segments;
  }

  /** A copy with some fields replaced (the "in place" mutations of spikeinterface). */
  with(changes: Partial<SiRecordingState>): SiRecording {
    return new SiRecording({ ...this, ...changes });
  }
}

/** Properties `copy_metadata` never copies to a recording (`BaseRecording._skip_properties`). */
const SKIPPED_PROPERTIES = new Set(['noise_level_raw', 'noise_level_scaled']);

/**
 * `parent.copy_metadata(child, ids=...)`: a deep copy of every annotation and the rows
 * `channelIndices` (all when omitted) of every property.
 */
export function copyMetadata(
  parent: SiRecording,
  channelIndices?: readonly number[],
): { annotations: Map<string, PyJsonValue>; properties: Map<string, NpyArray> } {
  // Annotation values are never mutated here (every change builds a new map), so the
  // shallow copy is as good as Python's deepcopy.
  const annotations = new Map(parent.annotations);
  const properties = new Map<string, NpyArray>();
  const indices = channelIndices ?? parent.channelIds.map((_, i) => i);
  for (const [k, v] of parent.properties) {
    if (!SKIPPED_PROPERTIES.has(k)) properties.set(k, takeRows(v, indices));
  }
  return { annotations, properties };
}

/** Map with one key replaced in place (Python dict assignment keeps the key's position). */
export function setEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): Map<string, V> {
  const out = new Map(map);
  out.set(key, value);
  return out;
}
