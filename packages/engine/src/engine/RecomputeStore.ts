import type { ArtefactVersions, AttemptParams, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';

/** Identity of one attempt: a `RecordingRecomputeSelection` primary key. */
export interface AttemptKey<K extends RecordingKey> {
  recording: K;
  envId: string;
  params: AttemptParams;
}

/** A `RecordingRecomputeSelection` row. */
export interface SelectionRow<K extends RecordingKey> extends AttemptKey<K> {
  loggedAtCreation: boolean;
  xfailReason: string | null;
}

/** A `RecordingRecompute` row. */
export interface RecomputeRow<K extends RecordingKey> extends AttemptKey<K> {
  matched: boolean;
  errMsg: string | null;
  createdAt: Date | null;
  deleted: boolean;
}

/** A `RecordingRecompute.Name` part row: an object present in only one of old/new. */
export interface NamePartRow {
  name: string;
  missingFrom: 'old' | 'new';
}

/** A `RecordingRecompute.Hash` part row: an object whose digests differ, plus our comparison numbers. */
export interface HashPartRow {
  name: string;
  algorithm: string | null;
  oldHash: string | null;
  newHash: string | null;
  maxAbsDiff: number | null;
  maxRelDiff: number | null;
}

/** Restriction of attempt rows (selection/recompute tables). */
export interface AttemptFilter<K extends RecordingKey> {
  /** Only these recordings (the restricted artefacts). */
  recordings?: readonly K[];
  envId?: string;
}

/**
 * Table access the engine needs, written once per storage (in memory, MikroORM) and
 * parameterised by a pipeline's entity descriptors, so v0 and v1 share every query.
 */
export interface RecomputeStore<K extends RecordingKey> {
  /** Artefacts matching a structured restriction on key fields and attributes. */
  listArtefacts(restriction: Restriction): Promise<Array<StoredArtefact<K>>>;
  findArtefact(key: K): Promise<StoredArtefact<K> | null>;
  /** Stored versions by {@link keyId} of the recording. */
  getVersions(keys: readonly K[]): Promise<Map<string, ArtefactVersions>>;
  insertVersions(rows: ReadonlyArray<{ key: K; versions: ArtefactVersions }>): Promise<void>;
  listSelections(filter: AttemptFilter<K>): Promise<Array<SelectionRow<K>>>;
  /** Inserts, skipping rows whose key exists; resolves how many were inserted. */
  insertSelections(rows: ReadonlyArray<SelectionRow<K>>): Promise<number>;
  /** Deletes selection rows (and any recompute rows + parts under them). */
  deleteSelections(keys: ReadonlyArray<AttemptKey<K>>): Promise<void>;
  listRecomputes(filter: AttemptFilter<K>): Promise<Array<RecomputeRow<K>>>;
  getParts(key: AttemptKey<K>): Promise<{ names: NamePartRow[]; hashes: HashPartRow[] }>;
  /** Replaces the recompute row of `row`'s key and its parts, in one transaction. */
  writeRecompute(row: RecomputeRow<K>, names: readonly NamePartRow[], hashes: readonly HashPartRow[]): Promise<void>;
  /**
   * Sets columns of an existing recompute row and resolves once committed (the caller
   * relies on that before unlinking files). Resolves false when no row was updated.
   */
  updateRecompute(key: AttemptKey<K>, patch: { deleted?: boolean; createdAt?: Date | null }): Promise<boolean>;
  /**
   * Records a verified regeneration before its copy is renamed into place, in one transaction:
   * clears the `deleted` flags of the artefact's attempts and updates what else describes the
   * file (Spyglass layout: the `~external_analysis` size and checksum DataJoint's fetch
   * verifies). Optional: stores without it only clear the flags after the rename.
   */
  publishRegenerated?(artefact: StoredArtefact<K>, verifiedCopy: string): Promise<void>;
}
