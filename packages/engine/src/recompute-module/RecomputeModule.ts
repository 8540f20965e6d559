import type { RecomputeEntityManager } from '@spyglass-recompute/schema';
import type { CrashPoint } from '../engine/artefactFiles';
import type { RecomputeEngine, EngineEnvironment } from '../engine/RecomputeEngine';
import type { RecordingKey } from '../engine/RecomputePipeline';
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
  /** Filter worker threads per regeneration (0: on the calling thread). @default preprocessing's default */
  workers?: number;
}

/**
 * What a pipeline package's library entry points (`createV0Recording`, `fetchNwb`,
 * `updateV1Ids`, ...) take next to their entity manager: the module context without `em`.
 */
export type PipelineContext = Omit<RecomputeModuleContext, 'em'>;

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
}
