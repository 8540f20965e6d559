import { pathExists, pathSize } from './artefactFiles';
import type { AttemptSelector } from './attemptSelector';
import { engineErrors } from './engineErrors';
import { attemptId, keyId } from './keyId';
import type { RecomputeEngine } from './RecomputeEngine';
import type { ArtefactVersions, AttemptParams, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';
import type { HashPartRow, NamePartRow, RecomputeRow, SelectionRow } from './RecomputeStore';

/**
 * Where one recording stands, summarised over all its attempts (any environment, any params),
 * most decisive first: `deleted` (verified and its file removed), `matched`, `mismatched`,
 * `error`, `xfail`, `pending` (selected, no result yet), `unattempted` (never selected).
 */
export type RecordingState = 'deleted' | 'matched' | 'mismatched' | 'error' | 'xfail' | 'pending' | 'unattempted';

/** Every {@link RecordingState}, in precedence order (the `--state` flag's options). */
export const RECORDING_STATES: readonly RecordingState[] = Object.freeze([
  'deleted',
  'matched',
  'mismatched',
  'error',
  'xfail',
  'pending',
  'unattempted',
]);

/** State of one attempt (a selection row and its result, if any). */
export type AttemptState = Exclude<RecordingState, 'unattempted'>;

/** One row of {@link listRecordings}. */
export interface RecordingListEntry<K extends RecordingKey> {
  key: K;
  /** The KEY users type for `show`/`fetch`/`diff` (v1 `recording_id`, v0 folder name). */
  keyText: string;
  path: string;
  hash: string | null;
  /** Selection columns (nwb file, sort group, interval, params, ...). */
  attributes: StoredArtefact<K>['attributes'];
  state: RecordingState;
  /** Attempts (selection rows) in every environment. */
  attempts: number;
  /** Bytes of the file or folder on disk; 0 when it is absent. */
  bytes: number;
}

/** Options of {@link listRecordings}. */
export interface ListRecordingsOptions<K extends RecordingKey> {
  /** Only recordings in one of these states. @default every state */
  states?: readonly RecordingState[];
  /**
   * Only recordings with at least one attempt this selector picks (as `status` and `delete-files`
   * narrow); their STATE still sums up every attempt. @default every recording
   */
  attempts?: AttemptSelector;
  /** Rows to skip (after filtering by state). @default 0 */
  offset?: number;
  /** Rows to return at most. @default all */
  limit?: number;
  /** How a key is shown; @default {@link defaultKeyText} */
  keyText?: (artefact: StoredArtefact<K>) => string;
}

/** One page of {@link listRecordings}. */
export interface RecordingListPage<K extends RecordingKey> {
  /** Recordings matching the restriction and states, before paging. */
  total: number;
  offset: number;
  limit: number | null;
  recordings: Array<RecordingListEntry<K>>;
}

/** One attempt of a recording, with its result and part rows ({@link describeRecording}). */
export interface RecordingAttempt {
  envId: string;
  params: AttemptParams;
  state: AttemptState;
  loggedAtCreation: boolean;
  xfailReason: string | null;
  errMsg: string | null;
  /** When the compared copy was made (null for pending attempts). */
  createdAt: Date | null;
  /** Objects present in only one of original/regenerated. */
  names: NamePartRow[];
  /** Objects whose digests differ. */
  hashes: HashPartRow[];
}

/** Everything about one recording ({@link describeRecording}). */
export interface RecordingDescription<K extends RecordingKey> {
  key: K;
  keyText: string;
  path: string;
  /** Whether the file or folder exists at `path` now. */
  exists: boolean;
  bytes: number;
  hash: string | null;
  attributes: StoredArtefact<K>['attributes'];
  state: RecordingState;
  /** Package versions it was made with (`RecordingRecomputeVersions`), null until `versions populate`. */
  versions: ArtefactVersions | null;
  attempts: RecordingAttempt[];
}

/** A one-column key shows its value (v1 `recording_id`); a composite key its folder/file name (v0). */
export function defaultKeyText(artefact: StoredArtefact<RecordingKey>): string {
  const values = Object.values(artefact.key);
  if (values.length === 1) return String(values[0]);
  return artefact.path.split(/[\\/]/).filter(Boolean).pop() ?? JSON.stringify(artefact.key);
}

/** State of one attempt from its selection row and result row. */
export function attemptState(
  selection: Pick<SelectionRow<RecordingKey>, 'xfailReason'>,
  row: RecomputeRow<RecordingKey> | undefined,
): AttemptState {
  if (selection.xfailReason !== null) return 'xfail';
  if (!row) return 'pending';
  if (row.matched) return row.deleted ? 'deleted' : 'matched';
  return row.errMsg !== null ? 'error' : 'mismatched';
}

/** The most decisive of a recording's attempt states ({@link RECORDING_STATES} order). */
export function recordingState(attempts: readonly AttemptState[]): RecordingState {
  for (const state of RECORDING_STATES) if ((attempts as readonly RecordingState[]).includes(state)) return state;
  return 'unattempted';
}

/**
 * Lists a pipeline's recordings with their state over all attempts: all states are read from
 * the database, the disk is visited only for the returned page (a 10,000-row lab pages cheaply).
 * A non-empty restriction that matches nothing is the engine's `RESTRICTION_MATCHES_NOTHING`.
 */
export async function listRecordings<K extends RecordingKey>(
  engine: RecomputeEngine<K>,
  restriction: Restriction = {},
  options: ListRecordingsOptions<K> = {},
): Promise<RecordingListPage<K>> {
  const artefacts = await engine.artefacts(restriction, options.attempts);
  const keys = artefacts.map((artefact) => artefact.key);
  const states = await attemptStatesByRecording(engine, keys);
  const keyText = options.keyText ?? defaultKeyText;
  const wanted = options.states === undefined ? null : new Set(options.states);
  const rows = artefacts
    .map((artefact) => {
      const attempts = states.get(keyId(artefact.key)) ?? [];
      return { artefact, attempts: attempts.length, state: recordingState(attempts) };
    })
    .filter((row) => wanted === null || wanted.has(row.state));
  const offset = options.offset ?? 0;
  const page = rows.slice(offset, options.limit === undefined ? undefined : offset + options.limit);
  const recordings: Array<RecordingListEntry<K>> = [];
  for (const { artefact, attempts, state } of page) {
    recordings.push({
      key: artefact.key,
      keyText: keyText(artefact),
      path: artefact.path,
      hash: artefact.hash,
      attributes: artefact.attributes,
      state,
      attempts,
      bytes: await pathSize(artefact.path),
    });
  }
  return { total: rows.length, offset, limit: options.limit ?? null, recordings };
}

/** Everything stored about one recording: inputs, hashes, versions, every attempt with its parts, and the file. */
export async function describeRecording<K extends RecordingKey>(
  engine: RecomputeEngine<K>,
  key: K,
  options: Pick<ListRecordingsOptions<K>, 'keyText'> = {},
): Promise<RecordingDescription<K>> {
  const found = await engine.store.findArtefact(key);
  if (!found) throw engineErrors.artefactNotFound(key);
  const selections = await engine.store.listSelections({ recordings: [key] });
  const results = new Map((await engine.store.listRecomputes({ recordings: [key] })).map((row) => [attemptId(row), row]));
  const attempts: RecordingAttempt[] = [];
  for (const selection of selections) {
    const row = results.get(attemptId(selection));
    const parts = row ? await engine.store.getParts(row) : { names: [], hashes: [] };
    attempts.push({
      envId: selection.envId,
      params: selection.params,
      state: attemptState(selection, row),
      loggedAtCreation: selection.loggedAtCreation,
      xfailReason: selection.xfailReason,
      errMsg: row?.errMsg ?? null,
      createdAt: row?.createdAt ?? null,
      ...parts,
    });
  }
  const versions = (await engine.store.getVersions([key])).get(keyId(key)) ?? null;
  return {
    key: found.key,
    keyText: (options.keyText ?? defaultKeyText)(found),
    path: found.path,
    exists: await pathExists(found.path),
    bytes: await pathSize(found.path),
    hash: found.hash,
    attributes: found.attributes,
    state: recordingState(attempts.map((a) => a.state)),
    versions,
    attempts,
  };
}

/** Attempt states of each recording (by {@link keyId}), from two queries. */
async function attemptStatesByRecording<K extends RecordingKey>(
  engine: RecomputeEngine<K>,
  keys: readonly K[],
): Promise<Map<string, AttemptState[]>> {
  const out = new Map<string, AttemptState[]>();
  if (keys.length === 0) return out;
  const results = new Map((await engine.store.listRecomputes({ recordings: keys })).map((row) => [attemptId(row), row]));
  for (const selection of await engine.store.listSelections({ recordings: keys })) {
    const id = keyId(selection.recording);
    const states = out.get(id) ?? [];
    states.push(attemptState(selection, results.get(attemptId(selection))));
    out.set(id, states);
  }
  return out;
}
