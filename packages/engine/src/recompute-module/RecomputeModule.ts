import type { RecomputeEntityManager } from '@spyglass-recompute/schema';
import type { CrashPoint } from '../engine/artefactFiles';
import type { EnsureArtefactOptions, EnsuredArtefact } from '../engine/ArtefactRegenerator';
import type { RecomputeEngine, EngineEnvironment } from '../engine/RecomputeEngine';
import type { RecordingKey, Restriction } from '../engine/RecomputePipeline';
import type { UpdateSecondaryResult } from '../engine/updateSecondary';
import type { DataRoots } from '@spyglass-recompute/nwb';

/** What a pipeline package needs to build its engine for one command or job. */
export interface RecomputeModuleContext {
  /** A forked entity manager owned by the caller (one unit of work per command/job). */
  em: RecomputeEntityManager;
  roots: DataRoots;
  /** The registered current environment (`UserEnvironment` row) attempts are made in. */
  environment: EngineEnvironment;
  /** @default () => new Date() */
  now?: () => Date;
  /** Progress lines for humans (the CLI sends them to stderr). */
  log?: (message: string) => void;
  /** Test seam: stop a deletion or regeneration at a named point (see {@link CrashPoint}). @default none */
  crashPoint?: CrashPoint;
  /**
   * Filter worker threads per regeneration (0: filter on the calling thread). Several worker
   * processes on one machine share its cores: each should get its part, not all of them.
   * @default the preprocessing default (min(4, cores))
   */
  filterThreads?: number;
}

/**
 * What a pipeline package's library entry points (`createV0Recording`, `fetchNwb`,
 * `updateV1Ids`, ...) take next to their entity manager: the module context without `em`.
 */
export type PipelineContext = Omit<RecomputeModuleContext, 'em'>;

/** Options of {@link RecomputeModule.updateIds}. */
export interface UpdateIdsOptions {
  /** Structured restriction (CLI FILTERS). @default every recording */
  restriction?: Restriction;
  /** The module's own switches by name (see `updateIdsHelp.flags`, e.g. v1's `rehash-legacy`); absent ones are off. */
  flags?: Readonly<Record<string, boolean>>;
  /** Called after each recording is checked (progress display). */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link RecomputeModule.updateIds} did. */
export interface UpdateIdsReport<K extends RecordingKey> {
  /** The machine-readable result (`update-ids --json`): the module's backfill result plus `secondary`. */
  result: object & { secondary: UpdateSecondaryResult<K> };
  /** Human lines about the backfill (the `secondary` line is the front end's). */
  summary: string[];
}

/** Help of a module's `update-ids` (it backfills different columns per pipeline). */
export interface UpdateIdsHelp {
  /** One line: what is backfilled, from where. */
  summary: string;
  /** What is reported rather than fatal, and what the module's own flags do. */
  description: string;
  /** The module's own boolean flags, off by default: name → one-line summary. @default none */
  flags?: Readonly<Record<string, string>>;
}

/** Type of one structured restriction field (CLI FILTERS flag). */
export type FilterFieldType = 'string' | 'integer' | 'uuid';

/**
 * The uniform face of a pipeline package (v0, v1) that generic front ends — the CLI's
 * `{v0|v1} versions populate|attempt|run|status|diff|delete-files|fetch` commands, other
 * repos — program against, so those front ends are written once.
 */
export interface RecomputeModule<K extends RecordingKey> {
  /** `v0` or `v1`: the CLI topic. */
  readonly name: string;
  /** Restriction fields accepted as filters (`--nwb-file` → `nwb_file_name`, ...), with their types. */
  readonly filterFields: Readonly<Record<string, { column: string; type: FilterFieldType; description: string }>>;
  /**
   * Attempt parameters that are part of the selection key (v1: `rounding`), each exposed as an
   * integer CLI flag of the same name on `attempt`/`run`/`status`. v0 has none.
   */
  readonly attemptParams: Readonly<Record<string, { description: string; default: number }>>;
  /** Expected-failure reason codes with descriptions (`attempt --skip-xfail` help). @default none */
  readonly xfailReasons?: Readonly<Record<string, string>>;
  /** The data root this pipeline's artefacts live in (v1: analysis, v0: recording). */
  artefactRoot(roots: DataRoots): string;
  /** `table_name` of this pipeline's RecordingRecompute populate in the jobs table (`--reserve-jobs`). */
  readonly jobTableName: string;
  /**
   * The entity of this pipeline's RecordingRecompute master (`RecordingRecomputeV1`): in the Spyglass
   * layout its mapped schema and table name where DataJoint's `~jobs` reservations go.
   */
  readonly recomputeEntityName: string;
  /** Key fields that are uuids (packed as `uuid.UUID` in a DataJoint `~jobs` key blob). @default none */
  readonly uuidKeyFields?: readonly string[];
  /** Describes the KEY argument of `fetch`/`diff` for help texts. */
  readonly keyDescription: string;
  /**
   * Turns a KEY argument into a full key: v1 parses a `recording_id` uuid; v0 looks its recording
   * folder name up (the name lacks the team). Throws a typed error for malformed or unknown keys.
   */
  resolveKey(text: string, context: Pick<RecomputeModuleContext, 'em'>): Promise<K>;
  /** Builds the engine over this pipeline's tables. */
  createEngine(context: RecomputeModuleContext): RecomputeEngine<K>;
  /**
   * The on-demand chokepoint (v0 `loadRecordingPath`, v1 `fetchNwb`; CLI `fetch`): the artefact's
   * path, regenerated and verified against the stored hash first if it was deleted.
   * @throws RecomputeError `REGENERATED_HASH_MISMATCH` (exit 4) and the engine's other codes.
   */
  fetch(context: RecomputeModuleContext, key: K, options?: EnsureArtefactOptions): Promise<EnsuredArtefact>;
  /**
   * Upgrade backfill (Spyglass `update_ids`, CLI `update-ids`): stores what rows made before the
   * recompute upgrade lack, from the artefacts on disk (missing ones are reported, not fatal),
   * then upstream's `update_secondary` over the same restriction.
   */
  updateIds(context: RecomputeModuleContext, options?: UpdateIdsOptions): Promise<UpdateIdsReport<K>>;
  /** Help texts and module-specific flags of `update-ids`. */
  readonly updateIdsHelp: UpdateIdsHelp;
}
