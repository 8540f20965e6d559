import type { EnvironmentSnapshot } from '../environment/EnvironmentSnapshot';

/** A primary-key value as stored in the database. */
export type KeyValue = string | number;

/** The primary key of a stored artefact (v0: composite natural key, v1: `{ recording_id }`). */
export type RecordingKey = Record<string, KeyValue>;

/** Attempt parameters that are part of the selection key besides the env id (v1: `{ rounding: 4 }`). */
export type AttemptParams = Record<string, number>;

/** Structured restriction (CLI FILTERS): field → value or any-of values. Never raw SQL. */
export type Restriction = Record<string, KeyValue | boolean | readonly KeyValue[]>;

/** Package versions an artefact was made with (a `RecordingRecomputeVersions` row). */
export type ArtefactVersions = Record<string, string>;

/** A stored artefact: one `SpikeSortingRecording` row seen through the pipeline. */
export interface StoredArtefact<K extends RecordingKey> {
  key: K;
  /** Absolute official path (file or folder) inside a data root. */
  path: string;
  /** Path relative to its data root; the regenerated copy goes to `{temp}/{schema}/{env_id}/{relativePath}`. */
  relativePath: string;
  /** Hash stored at creation (null for rows made before the hash column existed). */
  hash: string | null;
  /** Other columns restrictions may name (e.g. `nwb_file_name`, `sort_group_id`). */
  attributes: Record<string, KeyValue | null>;
}

/** Digest of a whole artefact and of each object (NWB object path or file in a folder). */
export interface ArtefactDigest {
  algorithm: string;
  hash: string;
  objects: Record<string, string>;
}

/** Numeric difference of one object between the original and the regenerated artefact (h5diff-style). */
export interface ObjectComparison {
  name: string;
  /** Largest |old − new| over the object's elements; null when not numeric or shapes differ. */
  maxAbsDiff: number | null;
  /** Largest |old − new| / max(|old|, |new|) over elements where that is non-zero; null as above. */
  maxRelDiff: number | null;
  /** Number of differing elements, when known. */
  differingElements?: number | null;
}

/** Context handed to {@link RecomputePipeline.regenerate}. */
export interface RegenerateContext {
  params: AttemptParams;
  /** Aborted when the engine's timeout elapses or the caller cancels; long loops should check it. */
  signal: AbortSignal;
  /** Keeps a job lease alive during long regenerations; cheap to call often. */
  heartbeat: () => void;
}

/**
 * What a pipeline (v0, v1) supplies to the {@link RecomputeEngine}: the steps, never the flow.
 * Table access lives in a {@link RecomputeStore} built from the pipeline's entity descriptors.
 */
export interface RecomputePipeline<K extends RecordingKey> {
  /** Logical schema name; regenerated copies go under `{temp}/{schema}/{env_id}/`. */
  readonly schema: string;
  /** Selection-key parameters used when the caller gives none (v0: `{}`, v1: `{ rounding: 4 }`). */
  readonly defaultParams: AttemptParams;
  /** Reads the versions the stored artefact was made with (from the file/folder itself). */
  readVersions(artefact: StoredArtefact<K>): Promise<ArtefactVersions>;
  /**
   * Why the current environment cannot reproduce an artefact made with `versions`, or null
   * when it can (e.g. a different spikeinterface version).
   */
  environmentMismatch(versions: ArtefactVersions, environment: EnvironmentSnapshot): string | null;
  /**
   * Expected-failure reason codes this pipeline reports, with a description each (help texts,
   * `attempt --skip-xfail` validation). A reason is `{code}: {detail}`.
   */
  readonly xfailReasons?: Readonly<Record<string, string>>;
  /**
   * A known expected-failure reason `{code}: {detail}` (→ `xfail_reason`), or null. `previousErrors`
   * are the stored `err_msg` of earlier attempts (`CODE: message`): read the code with
   * `storedErrorCode`, never match the wording.
   */
  expectedFailure?(artefact: StoredArtefact<K>, versions: ArtefactVersions, previousErrors: readonly string[]): Promise<string | null>;
  /** Writes the artefact for `artefact.key` at exactly `targetPath` (a file or folder that does not exist yet). */
  regenerate(artefact: StoredArtefact<K>, targetPath: string, context: RegenerateContext): Promise<void>;
  /** Hashes an artefact with the algorithm its stored hash used. */
  hash(path: string, params: AttemptParams): Promise<ArtefactDigest>;
  /**
   * The digest of `path` in the algorithm `artefact`'s stored hash was made with (e.g. Spyglass's
   * legacy metadata-only NWB hash), to compare with `artefact.hash`.
   * @default `hash(path, defaultParams).hash`
   */
  hashAsStored?(path: string, artefact: StoredArtefact<K>): Promise<string>;
  /** Per-object numeric comparison of two artefacts; objects that are equal may be omitted. */
  compare(oldPath: string, newPath: string, params: AttemptParams): Promise<ObjectComparison[]>;
  /**
   * True when a match at `matched` params makes an attempt at `params` redundant
   * (v1: a match at a higher rounding precision covers lower ones). @default never
   */
  supersedes?(matched: AttemptParams, params: AttemptParams): boolean;
}
