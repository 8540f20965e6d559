import { promises as fs } from 'node:fs';
import path from 'node:path';
import { storedErrorText } from '@spyglass-recompute/errors';
import type { EnvironmentSnapshot } from '../environment/EnvironmentSnapshot';
import type { JobReserver } from '../jobs/JobReserver';
import { ArtefactRegenerator, type EnsuredArtefact, type EnsureArtefactOptions } from './ArtefactRegenerator';
import { modifiedAt, pathExists, pathSize, processIsAlive, removeAtomically, type CrashPoint } from './artefactFiles';
import { attemptErrors } from './attemptErrors';
import { isEmptySelector, selectsAttempt, type AttemptSelector } from './attemptSelector';
import { cleanupDataRoots, type CleanupOptions, type CleanupResult } from './cleanupDataRoots';
import { findResidue, type ScanDir } from './crashResidue';
import { deleteAttempts, type DeleteAttemptsOptions, type DeleteAttemptsResult } from './deleteAttempts';
import { deleteMatchedFiles, type DeleteFilesOptions, type DeleteFilesResult } from './deleteMatchedFiles';
import { engineErrors } from './engineErrors';
import { pathConfinement, type PathConfinement } from './pathConfinement';
import { attemptId, keyId } from './keyId';
import type { ArtefactDigest, AttemptParams, RecomputePipeline, RecordingKey, Restriction, StoredArtefact } from './RecomputePipeline';
import type { AttemptKey, HashPartRow, NamePartRow, RecomputeRow, RecomputeStore, SelectionRow } from './RecomputeStore';
import { updateSecondary, type UpdateSecondaryResult } from './updateSecondary';
import { withTimeout } from './withTimeout';

/** The environment the engine runs in (a registered `UserEnvironment` row). */
export interface EngineEnvironment {
  envId: string;
  snapshot: EnvironmentSnapshot;
}

/** Everything the engine needs, passed in (no globals). */
export interface RecomputeEngineOptions<K extends RecordingKey> {
  pipeline: RecomputePipeline<K>;
  store: RecomputeStore<K>;
  environment: EngineEnvironment;
  /** Every directory files may be written or deleted in (Spyglass base/raw/analysis/recording/temp). */
  dataRoots: readonly string[];
  /** `SPYGLASS_TEMP_DIR`: regenerated copies go to `{tempDir}/{schema}/{env_id}/…`. */
  tempDir: string;
  /**
   * The one root this pipeline's artefacts live in: when given, artefacts must lie strictly inside
   * it and copies strictly inside `tempDir`, neither overlapping any of `allRoots`.
   */
  artefactRoot?: string;
  /** Every configured data root (base, raw, analysis, recording, temp), for the overlap rule. */
  allRoots?: readonly string[];
  /** Probe for the owners of temporary entries (crash residue). @default signal 0 */
  isProcessAlive?: (pid: number) => boolean;
  /** Test seam: stop a deletion or regeneration at a named point (see {@link CrashPoint}). */
  crashPoint?: CrashPoint;
  /**
   * Paths in the artefact root that rows other than the artefacts reference (v1: every
   * `AnalysisNwbfile`), so `cleanup` does not list them as untracked. @default none
   */
  referencedPaths?: () => Promise<string[]>;
  /** @default () => new Date() */
  now?: () => Date;
  /** Uniform [0, 1) source for `attempt --limit`. @default Math.random */
  random?: () => number;
  /** Progress messages (stderr in the CLI). @default none */
  log?: (message: string) => void;
}

/** Result of {@link RecomputeEngine.populateVersions}. */
export interface PopulateVersionsResult<K extends RecordingKey> {
  inserted: K[];
  alreadyPresent: number;
  failed: Array<{ key: K; message: string }>;
}

/** Options of {@link RecomputeEngine.attempt}. */
export interface AttemptOptions {
  /** Selection-key parameters (v1 `--rounding`). @default the pipeline's defaultParams */
  params?: AttemptParams;
  /** Insert at most this many, chosen at random among the candidates (`--limit`). */
  limit?: number;
  /** Attempt even when the environment cannot reproduce the recorded versions (`--force`). */
  force?: boolean;
  /** Creation flow: mark the rows `logged_at_creation` (ignored when the env has editable packages). */
  atCreation?: boolean;
  /** Only recordings with an attempt this selector picks (`--env-id`, `--matched`, ...). */
  attempts?: AttemptSelector;
  /**
   * Bypass the expected-failure check (`--skip-xfail`): `true` for every reason, or the reason
   * codes to bypass (the part of `xfail_reason` before `:`, as `status` lists them). Existing
   * selections of this environment held back by such a reason are selected again.
   */
  skipXfail?: true | readonly string[];
}

/** Result of {@link RecomputeEngine.attempt}. */
export interface AttemptResult<K extends RecordingKey> {
  inserted: Array<SelectionRow<K>>;
  skippedMatched: K[];
  skippedExisting: K[];
  skippedNoVersions: K[];
  skippedEnvironment: Array<{ key: K; reason: string }>;
  /** Candidates left out by `limit`. */
  notChosen: number;
  /** Recordings whose missing `RecordingRecomputeVersions` row was made on the way (upstream `insert`). */
  versionsInserted: K[];
  /** Expected failures bypassed by `skipXfail`, with the reason that would have held them back. */
  xfailOverridden: Array<{ key: K; reason: string }>;
}

/** Outcome of one attempt during {@link RecomputeEngine.populate}. */
export type AttemptOutcome =
  'matched' | 'mismatched' | 'error' | 'xfail' | 'logged' | 'superseded' | 'skipped-matched' | 'reserved-elsewhere';

/** Options of {@link RecomputeEngine.populate}. */
export interface PopulateOptions {
  /**
   * Redo attempts that already have a result that is not a match (`recheck`). As upstream, a hash
   * mismatch's kept regenerated copy is re-hashed rather than regenerated while it exists.
   */
  recheck?: boolean;
  /** With `recheck`: regenerate even when a kept copy exists (e.g. after fixing the generator). */
  regenerate?: boolean;
  /** Recompute even when a match at higher precision or in another environment exists. */
  force?: boolean;
  /** Give up one regeneration after this long (recorded as an error). @default no limit */
  timeoutMs?: number;
  /** Distribute over processes with reserve-jobs. */
  jobs?: JobReserver;
  /**
   * Run at most this many attempts, chosen in random order (upstream `attempt_all(limit=)`). With
   * `jobs`, keys reserved elsewhere do not count: a worker does up to `limit` attempts of its own.
   */
  limit?: number;
  /**
   * Stop taking new attempts once this long has passed since populate began (on the engine's
   * clock); the attempt under way is finished. For bounded cluster array tasks (`--max-minutes`).
   */
  maxDurationMs?: number;
  /** Called after each attempt with how many of the pending attempts are done (progress display). */
  onProgress?: (done: number, total: number) => void;
  /** Only attempts this selector picks; its `envId` must be the current environment's. */
  attempts?: AttemptSelector;
}

/** Result of {@link RecomputeEngine.populate}. */
export interface PopulateResult<K extends RecordingKey> {
  /** `reusedCopy`: a recheck re-hashed the regenerated copy kept from the previous attempt instead of regenerating. */
  outcomes: Array<{ attempt: AttemptKey<K>; outcome: AttemptOutcome; errMsg?: string; reusedCopy?: true }>;
  counts: Record<AttemptOutcome, number>;
  /** Set when `maxDurationMs` ran out: how many chosen attempts were not started. */
  stoppedAtDeadline?: { notStarted: number };
}

/** Result of {@link RecomputeEngine.status}. */
export interface RecomputeStatus {
  pending: number;
  matched: number;
  mismatched: number;
  error: number;
  xfail: number;
  deleted: number;
  total: number;
  /** Bytes of originals that are matched, not deleted, and still on disk. */
  bytesReclaimable: number;
  /** Bytes of regenerated copies kept in the temp dir (mismatches, for inspection). */
  bytesTemporary: number;
  /**
   * Bytes a crash left behind in this pipeline's roots: trash and temporary entries of dead
   * processes (`cleanup` removes them) plus files of matched rows flagged deleted that are still
   * on disk (an interrupted deletion; `delete-files` finishes it).
   */
  bytesLeftover: number;
  /** How many such entries. */
  leftoverEntries: number;
  /** Expected failures by reason code (the part of `xfail_reason` before `:`; `attempt --skip-xfail` takes these). */
  xfailReasons: Record<string, number>;
}

/** Per-object differences of one attempt ({@link RecomputeEngine.diff}). */
export interface AttemptDiff<K extends RecordingKey> {
  row: RecomputeRow<K>;
  names: NamePartRow[];
  hashes: HashPartRow[];
}

const ERR_MSG_LIMIT = 255;
/** `xfail_reason` is a varchar(127), as upstream. */
const XFAIL_REASON_LIMIT = 127;

/** The reason code of an `xfail_reason` (`missing_probe_info: no probe rows ...` → `missing_probe_info`). */
export function xfailReasonCode(reason: string): string {
  const at = reason.indexOf(':');
  return (at < 0 ? reason : reason.slice(0, at)).trim();
}

/**
 * The recompute life cycle, written once: versions → selection → attempt/compare/record →
 * delete → regenerate on demand. A {@link RecomputePipeline} supplies the steps and a
 * {@link RecomputeStore} the table access.
 */
export class RecomputeEngine<K extends RecordingKey> {
  readonly pipeline: RecomputePipeline<K>;
  readonly store: RecomputeStore<K>;
  readonly environment: EngineEnvironment;
  private readonly dataRoots: readonly string[];
  private readonly tempDir: string;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly log: (message: string) => void;
  private readonly regenerator: ArtefactRegenerator<K>;
  private readonly confinement: PathConfinement;
  private readonly isProcessAlive: (pid: number) => boolean;
  private readonly crashPoint: CrashPoint | undefined;
  private readonly artefactRoot: string | undefined;
  private readonly referencedPaths: () => Promise<string[]>;

  constructor(options: RecomputeEngineOptions<K>) {
    this.pipeline = options.pipeline;
    this.store = options.store;
    this.environment = options.environment;
    this.dataRoots = options.dataRoots;
    this.tempDir = options.tempDir;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    this.isProcessAlive = options.isProcessAlive ?? processIsAlive;
    this.crashPoint = options.crashPoint;
    this.artefactRoot = options.artefactRoot;
    this.referencedPaths = options.referencedPaths ?? (async () => []);
    this.confinement = pathConfinement({
      dataRoots: this.dataRoots,
      tempDir: this.tempDir,
      ...(options.artefactRoot !== undefined ? { artefactRoot: options.artefactRoot } : {}),
      ...(options.allRoots !== undefined ? { allRoots: options.allRoots } : {}),
    });
    this.regenerator = new ArtefactRegenerator({
      pipeline: this.pipeline,
      store: this.store,
      envId: this.environment.envId,
      dataRoots: this.dataRoots,
      confinement: this.confinement,
      isProcessAlive: this.isProcessAlive,
      ...(options.crashPoint ? { crashPoint: options.crashPoint } : {}),
      lockDir: path.join(options.tempDir, '.locks', options.pipeline.schema),
    });
  }

  /**
   * Artefacts matching `restriction`; a non-empty restriction matching nothing is an error. With
   * `attempts`, only those with at least one attempt (selection) the selector picks.
   */
  async artefacts(restriction: Restriction = {}, attempts?: AttemptSelector): Promise<Array<StoredArtefact<K>>> {
    const found = await this.store.listArtefacts(restriction);
    if (found.length === 0 && Object.keys(restriction).length > 0) throw engineErrors.restrictionMatchesNothing(restriction);
    if (isEmptySelector(attempts)) return found;
    const keys = found.map((artefact) => artefact.key);
    const rows = new Map(
      (await this.store.listRecomputes({ recordings: keys, envId: attempts?.envId })).map((row) => [attemptId(row), row]),
    );
    const picked = new Set(
      (await this.store.listSelections({ recordings: keys, envId: attempts?.envId }))
        .filter((selection) => selectsAttempt(attempts, selection, rows.get(attemptId(selection))))
        .map((selection) => keyId(selection.recording)),
    );
    return found.filter((artefact) => picked.has(keyId(artefact.key)));
  }

  /** Where the regenerated copy of an attempt goes: `{temp}/{schema}/{env_id}/{relative path}`. */
  temporaryPath(artefact: StoredArtefact<K>, envId: string = this.environment.envId): string {
    return path.join(this.tempDir, this.pipeline.schema, envId, artefact.relativePath);
  }

  /** Fills `RecordingRecomputeVersions` for the restricted artefacts that lack it. */
  async populateVersions(restriction: Restriction = {}): Promise<PopulateVersionsResult<K>> {
    const artefacts = await this.artefacts(restriction);
    const known = await this.store.getVersions(artefacts.map((artefact) => artefact.key));
    const result: PopulateVersionsResult<K> = { inserted: [], alreadyPresent: 0, failed: [] };
    for (const artefact of artefacts) {
      if (known.has(keyId(artefact.key))) {
        result.alreadyPresent += 1;
        continue;
      }
      try {
        const versions = await this.pipeline.readVersions(artefact);
        await this.store.insertVersions([{ key: artefact.key, versions }]);
        result.inserted.push(artefact.key);
      } catch (error) {
        result.failed.push({ key: artefact.key, message: messageOf(error) });
      }
    }
    return result;
  }

  /**
   * Inserts `RecordingRecomputeSelection` rows for the current environment (`attempt_all`):
   * makes missing versions rows on the way, skips recordings already matched in any environment
   * and existing selections, gates on the environment unless forced, and records expected
   * failures as `xfail_reason` unless `skipXfail` bypasses them.
   */
  async attempt(restriction: Restriction = {}, options: AttemptOptions = {}): Promise<AttemptResult<K>> {
    const params = options.params ?? this.pipeline.defaultParams;
    const envId = this.environment.envId;
    this.checkXfailOverride(options.skipXfail);
    const artefacts = await this.artefacts(restriction, options.attempts);
    const keys = artefacts.map((artefact) => artefact.key);
    const versions = await this.store.getVersions(keys);
    const versionsInserted = await this.insertMissingVersions(artefacts, versions);
    const recomputes = await this.store.listRecomputes({ recordings: keys });
    const selections = await this.store.listSelections({ recordings: keys, envId });
    const matchedRecordings = new Set(recomputes.filter((row) => row.matched).map((row) => keyId(row.recording)));
    const existing = new Map(selections.map((row) => [attemptId(row), row]));
    const result: AttemptResult<K> = {
      inserted: [],
      skippedMatched: [],
      skippedExisting: [],
      skippedNoVersions: [],
      skippedEnvironment: [],
      notChosen: 0,
      versionsInserted,
      xfailOverridden: [],
    };
    const candidates: Array<{ artefact: StoredArtefact<K>; versions: Record<string, string>; replaces: SelectionRow<K> | null }> = [];
    for (const artefact of artefacts) {
      const id = keyId(artefact.key);
      const recorded = versions.get(id);
      const previous = existing.get(attemptId({ recording: artefact.key, envId, params })) ?? null;
      // An existing selection held back by a bypassed expected failure is selected again.
      const reselect = previous !== null && previous.xfailReason !== null && overridesXfail(options.skipXfail, previous.xfailReason);
      if (matchedRecordings.has(id)) result.skippedMatched.push(artefact.key);
      else if (previous !== null && !reselect) result.skippedExisting.push(artefact.key);
      else if (!recorded) result.skippedNoVersions.push(artefact.key);
      else {
        const mismatch = options.force ? null : this.pipeline.environmentMismatch(recorded, this.environment.snapshot);
        if (mismatch) result.skippedEnvironment.push({ key: artefact.key, reason: mismatch });
        else candidates.push({ artefact, versions: recorded, replaces: previous });
      }
    }
    const chosen = options.limit !== undefined ? this.sample(candidates, options.limit) : candidates;
    result.notChosen = candidates.length - chosen.length;
    const loggedAtCreation = options.atCreation === true && !this.environment.snapshot.hasEditable;
    const rows: Array<SelectionRow<K>> = [];
    for (const { artefact, versions: recorded } of chosen) {
      const previousErrors = recomputes
        .filter((row) => keyId(row.recording) === keyId(artefact.key) && row.errMsg !== null)
        .map((row) => row.errMsg as string);
      let xfailReason = (await this.pipeline.expectedFailure?.(artefact, recorded, previousErrors)) ?? null;
      if (xfailReason !== null && overridesXfail(options.skipXfail, xfailReason)) {
        result.xfailOverridden.push({ key: artefact.key, reason: xfailReason });
        xfailReason = null;
      }
      if (xfailReason !== null && xfailReason.length > XFAIL_REASON_LIMIT) xfailReason = `${xfailReason.slice(0, XFAIL_REASON_LIMIT - 1)}…`;
      rows.push({ recording: artefact.key, envId, params, loggedAtCreation, xfailReason });
    }
    // The replaced selections go with their `xfail: ...` result rows (no files belong to those).
    await this.store.deleteSelections(chosen.flatMap(({ replaces }) => (replaces ? [stripSelection(replaces)] : [])));
    await this.store.insertSelections(rows);
    result.inserted = rows;
    return result;
  }

  /**
   * Creation flow (Flow 1): record versions and a `logged_at_creation` selection for a
   * freshly written artefact, so it counts as verified without recomputing.
   */
  async logCreation(key: K): Promise<SelectionRow<K> | null> {
    const restriction = { ...key } as Restriction;
    await this.populateVersions(restriction);
    const result = await this.attempt(restriction, { atCreation: true, force: true });
    return result.inserted[0] ?? null;
  }

  /**
   * Populates `RecordingRecompute` for pending selections of the current environment:
   * regenerate into the temp dir, hash both, record `matched`, and on mismatch the `Name`
   * and `Hash` part rows with per-object numeric differences.
   */
  async populate(restriction: Restriction = {}, options: PopulateOptions = {}): Promise<PopulateResult<K>> {
    const envId = this.environment.envId;
    if (options.attempts?.envId !== undefined && options.attempts.envId !== envId)
      throw attemptErrors.otherEnvironment(options.attempts.envId, envId);
    const artefacts = await this.artefacts(restriction);
    const byId = new Map(artefacts.map((artefact) => [keyId(artefact.key), artefact]));
    const keys = artefacts.map((artefact) => artefact.key);
    const selections = await this.store.listSelections({ recordings: keys, envId });
    const done = new Map((await this.store.listRecomputes({ recordings: keys, envId })).map((row) => [attemptId(row), row]));
    const eligible = selections.filter((selection) => {
      const row = done.get(attemptId(selection));
      return (row === undefined || (options.recheck === true && !row.matched)) && selectsAttempt(options.attempts, selection, row);
    });
    // A limited run takes a random sample, as upstream `attempt_all(limit=)` (ORDER BY RAND()). With
    // reserve-jobs every key is shuffled in, so keys other workers hold do not use up the limit.
    const pending = options.limit !== undefined ? this.sample(eligible, options.jobs ? eligible.length : options.limit) : eligible;
    const deadline = options.maxDurationMs !== undefined ? this.now().getTime() + options.maxDurationMs : Infinity;
    const result: PopulateResult<K> = { outcomes: [], counts: emptyCounts() };
    let ran = 0;
    for (const [index, selection] of pending.entries()) {
      if (options.limit !== undefined && ran >= options.limit) break;
      if (this.now().getTime() >= deadline) {
        result.stoppedAtDeadline = { notStarted: Math.min((options.limit ?? Infinity) - ran, pending.length - index) };
        break;
      }
      const artefact = byId.get(keyId(selection.recording));
      if (!artefact) continue;
      const { outcome, errMsg, reusedCopy } = await this.populateOne(selection, artefact, options);
      result.outcomes.push({
        attempt: stripSelection(selection),
        outcome,
        ...(errMsg ? { errMsg } : {}),
        ...(reusedCopy ? { reusedCopy } : {}),
      });
      result.counts[outcome] += 1;
      if (outcome !== 'reserved-elsewhere') ran += 1;
      options.onProgress?.(result.outcomes.length, Math.min(pending.length, options.limit ?? Infinity));
    }
    return result;
  }

  /** Re-runs attempts that did not match (mismatches and errors) and overwrites their rows. */
  recheck(restriction: Restriction = {}, options: Omit<PopulateOptions, 'recheck'> = {}): Promise<PopulateResult<K>> {
    return this.populate(restriction, { ...options, recheck: true, force: true });
  }

  /**
   * Selection rows (any environment) without a result, for recordings already matched
   * somewhere: redundant attempts (`remove_matched`). Dry run by default.
   */
  async removeMatched(
    restriction: Restriction = {},
    options: { dryRun?: boolean; attempts?: Omit<AttemptSelector, 'result'> } = {},
  ): Promise<Array<AttemptKey<K>>> {
    const keys = (await this.artefacts(restriction)).map((artefact) => artefact.key);
    const recomputes = await this.store.listRecomputes({ recordings: keys });
    const matched = new Set(recomputes.filter((row) => row.matched).map((row) => keyId(row.recording)));
    const withResult = new Set(recomputes.map((row) => attemptId(row)));
    const selector = options.attempts === undefined ? undefined : { envId: options.attempts.envId, params: options.attempts.params };
    const redundant = (await this.store.listSelections({ recordings: keys }))
      .filter((row) => matched.has(keyId(row.recording)) && !withResult.has(attemptId(row)) && selectsAttempt(selector, row, undefined))
      .map(stripSelection);
    if (options.dryRun !== false) return redundant;
    await this.store.deleteSelections(redundant);
    return redundant;
  }

  /** Counts by state and the disk space a deletion would free; `attempts` narrows the attempts counted. */
  async status(restriction: Restriction = {}, options: { attempts?: AttemptSelector } = {}): Promise<RecomputeStatus> {
    const artefacts = await this.artefacts(restriction);
    const byId = new Map(artefacts.map((artefact) => [keyId(artefact.key), artefact]));
    const keys = artefacts.map((artefact) => artefact.key);
    const selections = await this.store.listSelections({ recordings: keys });
    const rows = new Map((await this.store.listRecomputes({ recordings: keys })).map((row) => [attemptId(row), row]));
    const status: RecomputeStatus = {
      pending: 0,
      matched: 0,
      mismatched: 0,
      error: 0,
      xfail: 0,
      deleted: 0,
      total: 0,
      bytesReclaimable: 0,
      bytesTemporary: 0,
      bytesLeftover: 0,
      leftoverEntries: 0,
      xfailReasons: {},
    };
    const unfinishedDeletions = new Set<string>();
    const reclaimable = new Set<string>();
    for (const selection of selections) {
      const row = rows.get(attemptId(selection));
      if (!selectsAttempt(options.attempts, selection, row)) continue;
      status.total += 1;
      const artefact = byId.get(keyId(selection.recording));
      if (selection.xfailReason !== null) {
        status.xfail += 1;
        const code = xfailReasonCode(selection.xfailReason);
        status.xfailReasons[code] = (status.xfailReasons[code] ?? 0) + 1;
      } else if (!row) status.pending += 1;
      else if (row.matched && row.deleted) {
        status.deleted += 1;
        if (artefact) unfinishedDeletions.add(artefact.path);
      } else if (row.matched) {
        status.matched += 1;
        if (artefact) reclaimable.add(artefact.path);
      } else if (row.errMsg !== null) status.error += 1;
      else status.mismatched += 1;
      if (row && !row.matched && artefact) status.bytesTemporary += await pathSize(this.temporaryPath(artefact, row.envId));
    }
    for (const file of reclaimable) status.bytesReclaimable += await pathSize(file);
    for (const file of unfinishedDeletions) {
      if (reclaimable.has(file) || !(await pathExists(file))) continue;
      status.bytesLeftover += await pathSize(file);
      status.leftoverEntries += 1;
    }
    for (const entry of await findResidue([this.artefactScan(), this.temporaryScan()], this.isProcessAlive)) {
      if (!entry.ownerDead) continue;
      status.bytesLeftover += entry.bytes;
      status.leftoverEntries += 1;
    }
    return status;
  }

  /**
   * Removes crash residue of dead processes (trash, partial and temporary entries, stale locks)
   * from this pipeline's artefact root and temp subtree, and lists entries no row references
   * (removed only with `deleteUntracked`). Dry run by default (see {@link cleanupDataRoots}).
   */
  async cleanup(options: CleanupOptions = {}): Promise<CleanupResult> {
    return cleanupDataRoots(
      {
        artefactScan: this.artefactScan(),
        temporaryScan: this.temporaryScan(),
        lockDir: this.lockDir(),
        confinement: this.confinement,
        isProcessAlive: this.isProcessAlive,
        referencedArtefacts: async () =>
          new Set([...(await this.store.listArtefacts({})).map((artefact) => artefact.path), ...(await this.referencedPaths())]),
        referencedTemporaries: async () => {
          const byId = new Map((await this.store.listArtefacts({})).map((artefact) => [keyId(artefact.key), artefact]));
          const kept = new Set<string>();
          for (const row of await this.store.listRecomputes({})) {
            const artefact = byId.get(keyId(row.recording));
            if (artefact && !row.matched) kept.add(this.temporaryPath(artefact, row.envId));
          }
          return kept;
        },
        log: this.log,
      },
      options,
    );
  }

  /** The pipeline's artefact root (v0 folders sit at depth 1, v1 files at depth 2; temporaries next to them). */
  private artefactScan(): ScanDir {
    return { dir: this.artefactRoot ?? (this.dataRoots.find((root) => root !== this.tempDir) as string), depth: 3 };
  }

  /** `{temp}/{schema}`: regenerated copies `{env}/{relative path}` and their writers' temporaries. */
  private temporaryScan(): ScanDir {
    return { dir: path.join(this.tempDir, this.pipeline.schema), depth: 4 };
  }

  private lockDir(): string {
    return path.join(this.tempDir, '.locks', this.pipeline.schema);
  }

  /** The `Name` and `Hash` part rows of one attempt (`diff KEY`). */
  async diff(attempt: { recording: K; envId?: string; params?: AttemptParams }): Promise<Array<AttemptDiff<K>>> {
    const rows = (await this.store.listRecomputes({ recordings: [attempt.recording], envId: attempt.envId })).filter(
      (row) => attempt.params === undefined || attemptId(row) === attemptId({ ...row, params: attempt.params }),
    );
    if (rows.length === 0)
      throw engineErrors.artefactNotFound({ ...attempt.recording, ...(attempt.envId ? { env_id: attempt.envId } : {}) });
    const out: Array<AttemptDiff<K>> = [];
    for (const row of rows) out.push({ row, ...(await this.store.getParts(row)) });
    return out;
  }

  /**
   * `delete_files` with the safety rules of system.md (see {@link deleteMatchedFiles}); `attempts`
   * narrows the recordings to those with an attempt the selector picks.
   */
  deleteFiles(
    restriction: Restriction = {},
    options: DeleteFilesOptions & { attempts?: AttemptSelector } = {},
  ): Promise<DeleteFilesResult<K>> {
    const { attempts, ...deleteOptions } = options;
    return deleteMatchedFiles(
      {
        store: this.store,
        dataRoots: this.dataRoots,
        confinement: this.confinement,
        isProcessAlive: this.isProcessAlive,
        ...(this.crashPoint ? { crashPoint: this.crashPoint } : {}),
        now: this.now,
        artefacts: () => this.artefacts(restriction, attempts),
        temporaryPath: (a, env) => this.temporaryPath(a, env),
        log: this.log,
      },
      deleteOptions,
    );
  }

  /** Deletes attempt rows and their regenerated copies in the temp root (see {@link deleteAttempts}). */
  async deleteAttempts(restriction: Restriction = {}, options: DeleteAttemptsOptions = {}): Promise<DeleteAttemptsResult<K>> {
    const artefacts = await this.artefacts(restriction, options.attempts);
    return deleteAttempts(
      { store: this.store, tempRoot: this.tempDir, artefacts, temporaryPath: (a, env) => this.temporaryPath(a, env), log: this.log },
      options,
    );
  }

  /** Backfills `created_at` and `deleted` of attempt rows from the disk (see {@link updateSecondary}). */
  async updateSecondary(restriction: Restriction = {}): Promise<UpdateSecondaryResult<K>> {
    return updateSecondary({ store: this.store, artefacts: await this.artefacts(restriction), now: this.now });
  }

  /** The single chokepoint for every read path (see {@link ArtefactRegenerator.ensure}). */
  ensureArtefact(key: K, options: EnsureArtefactOptions = {}): Promise<EnsuredArtefact> {
    return this.regenerator.ensure(key, options);
  }

  private async populateOne(
    selection: SelectionRow<K>,
    artefact: StoredArtefact<K>,
    options: PopulateOptions,
  ): Promise<{ outcome: AttemptOutcome; errMsg?: string; reusedCopy?: true }> {
    const lease = options.jobs ? await options.jobs.reserve(jobKey(selection)) : null;
    if (options.jobs && !lease) return { outcome: 'reserved-elsewhere' };
    try {
      // Re-read under the reservation: another worker may have finished it (DataJoint deletes done jobs).
      const current = (await this.store.listRecomputes({ recordings: [selection.recording], envId: selection.envId })).find(
        (row) => attemptId(row) === attemptId(selection),
      );
      if (current && (current.matched || options.recheck !== true)) {
        await lease?.complete();
        return { outcome: 'reserved-elsewhere' };
      }
      // A recheck of a hash mismatch re-hashes the copy that attempt kept (upstream `recheck`).
      const keptCopy =
        options.recheck === true && options.regenerate !== true && current !== undefined && !current.matched && current.errMsg === null;
      const outcome = await this.attemptOne(selection, artefact, options, () => void lease?.heartbeat(), keptCopy);
      await lease?.complete();
      return outcome;
    } catch (error) {
      await lease?.fail(error);
      throw error;
    }
  }

  private async attemptOne(
    selection: SelectionRow<K>,
    artefact: StoredArtefact<K>,
    options: PopulateOptions,
    heartbeat: () => void,
    keptCopy = false,
  ): Promise<{ outcome: AttemptOutcome; errMsg?: string; reusedCopy?: true }> {
    const createdAt = (await modifiedAt(artefact.path)) ?? this.now();
    const base = { ...stripSelection(selection), createdAt, deleted: false };
    if (selection.xfailReason !== null) {
      const errMsg = truncate(`xfail: ${selection.xfailReason}`);
      await this.store.writeRecompute({ ...base, matched: false, errMsg }, [], []);
      return { outcome: 'xfail', errMsg };
    }
    if (selection.loggedAtCreation) {
      await this.store.writeRecompute({ ...base, matched: true, errMsg: null }, [], []);
      return { outcome: 'logged' };
    }
    if (!options.force) {
      const others = await this.store.listRecomputes({ recordings: [selection.recording] });
      const matchedElsewhere = others.filter((row) => row.matched && attemptId(row) !== attemptId(selection));
      if (matchedElsewhere.some((row) => row.envId !== selection.envId || sameParams(row.params, selection.params))) {
        await this.removeMatched({ ...selection.recording } as Restriction, { dryRun: false });
        return { outcome: 'skipped-matched' };
      }
      if (matchedElsewhere.some((row) => this.pipeline.supersedes?.(row.params, selection.params) === true)) {
        await this.store.deleteSelections([stripSelection(selection)]);
        return { outcome: 'superseded' };
      }
    }
    const temporary = this.temporaryPath(artefact, selection.envId);
    this.confinement.temporary(temporary);
    const record = async (matched: boolean, errMsg: string | null, names: NamePartRow[] = [], hashes: HashPartRow[] = []) => {
      await this.store.writeRecompute({ ...base, matched, errMsg }, names, hashes);
    };
    if (artefact.hash === null) {
      // A match would make the file deletable, but without a stored hash a later on-demand
      // regeneration could never be verified: refuse until `update-ids` has backfilled it.
      const errMsg = truncate(`no stored hash for ${artefact.relativePath}: run update-ids while the original exists`);
      await record(false, errMsg);
      return { outcome: 'error', errMsg };
    }
    // Only the complete copy a recorded hash mismatch kept is reused; a copy left by a crashed
    // attempt may be half-written, so it is never reused.
    const reusedCopy = keptCopy && (await pathExists(temporary)) ? ({ reusedCopy: true } as const) : {};
    try {
      if (!('reusedCopy' in reusedCopy)) {
        await removeAtomically(temporary);
        await fs.mkdir(path.dirname(temporary), { recursive: true });
        const controller = new AbortController();
        await withTimeout(
          this.pipeline.regenerate(artefact, temporary, { params: selection.params, signal: controller.signal, heartbeat }),
          options.timeoutMs,
          controller,
        );
        heartbeat();
      }
      if (!(await pathExists(artefact.path))) throw engineErrors.originalMissing(artefact.path);
      const [oldDigest, newDigest] = [
        await this.pipeline.hash(artefact.path, selection.params),
        await this.pipeline.hash(temporary, selection.params),
      ];
      if (oldDigest.hash === newDigest.hash) {
        // A match is what makes the original deletable, so it must also prove what on-demand
        // regeneration will check later: the regenerated copy hashes to the STORED hash at the
        // creation settings (free when the attempt used them; one more hash otherwise).
        // A pipeline that knows several stored algorithms (v1 legacy hashes) hashes as stored.
        const atCreationSettings = this.pipeline.hashAsStored
          ? await this.pipeline.hashAsStored(temporary, artefact)
          : sameParams(selection.params, this.pipeline.defaultParams)
            ? newDigest.hash
            : (await this.pipeline.hash(temporary, this.pipeline.defaultParams)).hash;
        if (atCreationSettings !== artefact.hash) {
          await removeAtomically(temporary);
          const errMsg = truncate(
            `regenerated copy matches the original but not the stored hash (${atCreationSettings} vs stored ${artefact.hash}); run update-ids or recheck the row`,
          );
          await record(false, errMsg);
          this.log(`error: ${artefact.relativePath}: ${errMsg}`);
          return { outcome: 'error', errMsg, ...reusedCopy };
        }
        await removeAtomically(temporary);
        await record(true, null);
        this.log(`match: ${artefact.relativePath}`);
        return { outcome: 'matched', ...reusedCopy };
      }
      const { names, hashes } = await this.describeMismatch(artefact.path, temporary, selection.params, oldDigest, newDigest);
      await record(false, null, names, hashes);
      this.log(`mismatch: ${artefact.relativePath} (${hashes.length} objects differ, ${names.length} missing)`);
      return { outcome: 'mismatched', ...reusedCopy };
    } catch (error) {
      await removeAtomically(temporary).catch(() => undefined);
      // `CODE: message` for a typed error, so expectedFailure can match later runs on the code.
      const errMsg = truncate(storedErrorText(error));
      await record(false, errMsg);
      this.log(`error: ${artefact.relativePath}: ${errMsg}`);
      return { outcome: 'error', errMsg, ...reusedCopy };
    }
  }

  private async describeMismatch(
    oldPath: string,
    newPath: string,
    params: AttemptParams,
    oldDigest: ArtefactDigest,
    newDigest: ArtefactDigest,
  ): Promise<{ names: NamePartRow[]; hashes: HashPartRow[] }> {
    const names: NamePartRow[] = [];
    const differing: string[] = [];
    for (const name of [...new Set([...Object.keys(oldDigest.objects), ...Object.keys(newDigest.objects)])].sort()) {
      const before = oldDigest.objects[name];
      const after = newDigest.objects[name];
      if (before === undefined) names.push({ name, missingFrom: 'old' });
      if (after === undefined) names.push({ name, missingFrom: 'new' });
      if (before !== after) differing.push(name);
    }
    const comparisons = new Map(
      (await this.pipeline.compare(oldPath, newPath, params).catch(() => [])).map((comparison) => [comparison.name, comparison]),
    );
    const hashes = differing.map((name) => ({
      name,
      algorithm: newDigest.algorithm,
      oldHash: oldDigest.objects[name] ?? null,
      newHash: newDigest.objects[name] ?? null,
      maxAbsDiff: comparisons.get(name)?.maxAbsDiff ?? null,
      maxRelDiff: comparisons.get(name)?.maxRelDiff ?? null,
    }));
    return { names, hashes };
  }

  /** Makes the versions rows `artefacts` lack (upstream's `_has_key`); unreadable ones stay missing. */
  private async insertMissingVersions(
    artefacts: ReadonlyArray<StoredArtefact<K>>,
    known: Map<string, Record<string, string>>,
  ): Promise<K[]> {
    const inserted: K[] = [];
    for (const artefact of artefacts) {
      if (known.has(keyId(artefact.key))) continue;
      try {
        const versions = await this.pipeline.readVersions(artefact);
        await this.store.insertVersions([{ key: artefact.key, versions }]);
        known.set(keyId(artefact.key), versions);
        inserted.push(artefact.key);
      } catch (error) {
        this.log(`versions of ${artefact.relativePath} unreadable: ${messageOf(error)}`);
      }
    }
    return inserted;
  }

  /** Rejects `--skip-xfail` reason codes the pipeline does not know. */
  private checkXfailOverride(skipXfail: AttemptOptions['skipXfail']): void {
    if (skipXfail === undefined || skipXfail === true || this.pipeline.xfailReasons === undefined) return;
    const known = Object.keys(this.pipeline.xfailReasons);
    const unknown = skipXfail.filter((reason) => !known.includes(reason));
    if (unknown.length > 0) throw attemptErrors.unknownXfailReason(unknown, known);
  }

  private sample<T>(items: readonly T[], limit: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, Math.max(0, limit));
  }
}

function overridesXfail(skipXfail: AttemptOptions['skipXfail'], reason: string): boolean {
  return skipXfail === true || (skipXfail !== undefined && skipXfail.includes(xfailReasonCode(reason)));
}

function stripSelection<K extends RecordingKey>(row: AttemptKey<K>): AttemptKey<K> {
  return { recording: row.recording, envId: row.envId, params: row.params };
}

function jobKey<K extends RecordingKey>(attempt: AttemptKey<K>): Record<string, string | number> {
  return { ...attempt.recording, env_id: attempt.envId, ...attempt.params };
}

function sameParams(a: AttemptParams, b: AttemptParams): boolean {
  return attemptId({ recording: {}, envId: '', params: a }) === attemptId({ recording: {}, envId: '', params: b });
}

function emptyCounts(): Record<AttemptOutcome, number> {
  return { matched: 0, mismatched: 0, error: 0, xfail: 0, logged: 0, superseded: 0, 'skipped-matched': 0, 'reserved-elsewhere': 0 };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function truncate(message: string): string {
  return message.length > ERR_MSG_LIMIT ? `${message.slice(0, ERR_MSG_LIMIT - 1)}…` : message;
}
