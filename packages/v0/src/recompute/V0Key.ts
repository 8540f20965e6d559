import type { RecordingKey } from '@spyglass-recompute/engine';
import type { V0RecordingKey } from '@spyglass-recompute/schema';

/** A v0 recording key (`SpikeSortingRecordingSelection` primary key) as the engine handles it. */
export type V0Key = V0RecordingKey & RecordingKey;
