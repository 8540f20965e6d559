import type { RecomputeEngine, RecomputeModule, RecomputeModuleContext, RecordingKey } from '@spyglass-recompute/engine';
import { isRecomputeError, type RecomputeError } from '@spyglass-recompute/errors';
import type { RecomputeOrm } from '@spyglass-recompute/schema';
import { BaseCommand } from '../BaseCommand';
import { cliErrors } from '../cliErrors';
import { testCrashPoint } from '../context/testCrashHook';
import { withRecomputeContext, type RecomputeContextOptions } from '../context/withRecomputeContext';

/**
 * Base of the commands shared by every pipeline (`recompute v0 …`, `recompute v1 …`): each
 * concrete command is `xxxCommand(module)` for one {@link RecomputeModule}, so v0 and v1 differ
 * only in the module they pass.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export abstract class PipelineCommand extends BaseCommand<any> {
  /**
   * Runs `fn` with this pipeline's engine in one unit of work (`readOnly`: creates nothing);
   * `engine` settles how the engine regenerates (filter threads).
   */
  protected withEngine<T>(
    module: RecomputeModule<RecordingKey>,
    fn: (engine: RecomputeEngine<RecordingKey>, context: RecomputeModuleContext & { orm: RecomputeOrm }) => Promise<T>,
    options: ModuleContextOptions = {},
  ): Promise<T> {
    return this.withModuleContext(module, (context) => fn(module.createEngine(context), context), options);
  }

  /**
   * Runs `fn` with this pipeline's module context in one unit of work, for steps the module runs
   * itself (`fetch`, `update-ids`); a test crash point, if set, is in the context.
   */
  protected withModuleContext<T>(
    module: RecomputeModule<RecordingKey>,
    fn: (context: RecomputeModuleContext & { orm: RecomputeOrm }) => Promise<T>,
    options: ModuleContextOptions = {},
  ): Promise<T> {
    const { roots } = this.cliConfig;
    const { requireTemp = true, filterThreads, ...contextOptions } = options;
    const crashPoint = testCrashPoint();
    return withRecomputeContext(
      this.cliConfig,
      { require: requireTemp ? [module.artefactRoot(roots), roots.temp] : [module.artefactRoot(roots)] },
      (message) => this.progress(message),
      (context) => fn({ ...context, ...(filterThreads !== undefined ? { filterThreads } : {}), ...(crashPoint ? { crashPoint } : {}) }),
      contextOptions,
    ).catch((error: unknown) => {
      throw isRecomputeError(error) && error.code === 'RESTRICTION_MATCHES_NOTHING' ? inFlagTerms(module, error) : error;
    });
  }

  /** Parsed flags as a plain record (the flag set is built per module at runtime). */
  protected get flagValues(): Record<string, unknown> {
    return this.flags as Record<string, unknown>;
  }
}

/** Options of {@link PipelineCommand.withModuleContext}. */
export interface ModuleContextOptions extends RecomputeContextOptions {
  /** The temp root must exist too (anything that may regenerate). @default true */
  requireTemp?: boolean;
  /** Filter threads per regeneration (`run --filter-threads`, or the share a `--workers` child gets). @default the preprocessing default */
  filterThreads?: number;
}

/** The engine names columns; a CLI user typed flags: say which flags matched nothing. */
function inFlagTerms(module: RecomputeModule<RecordingKey>, error: RecomputeError): RecomputeError {
  const restriction = (error.details as { restriction?: Record<string, unknown> } | undefined)?.restriction ?? {};
  const flagOf = new Map(Object.entries(module.filterFields).map(([flag, field]) => [field.column, flag]));
  const given = Object.entries(restriction).map(([column, value]) => {
    const flag = flagOf.get(column);
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v));
    return flag === undefined ? `${column} = ${values.join('|')}` : values.map((v) => `--${flag} ${v}`).join(' ');
  });
  return cliErrors.noRecordingMatchesFlags(module.name, given, error);
}
