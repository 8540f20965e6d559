import type { RecomputeEngine, RecomputeModule, RecomputeModuleContext, RecordingKey } from '@spyglass-recompute/core';
import type { RecomputeOrm } from '@spyglass-recompute/schema';
import { BaseCommand } from '../BaseCommand';
import { withRecomputeContext } from '../context/withRecomputeContext';

/**
 * Base of the commands shared by every pipeline (`recompute v0 …`, `recompute v1 …`): each
 * concrete command is `xxxCommand(module)` for one {@link RecomputeModule}, so v0 and v1 differ
 * only in the module they pass.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export abstract class PipelineCommand extends BaseCommand<any> {
  /** Runs `fn` with this pipeline's engine in one unit of work. */
  protected withEngine<T>(
    module: RecomputeModule<RecordingKey>,
    fn: (engine: RecomputeEngine<RecordingKey>, context: RecomputeModuleContext & { orm: RecomputeOrm }) => Promise<T>,
  ): Promise<T> {
    const { roots } = this.cliConfig;
    return withRecomputeContext(this.cliConfig, { require: [module.artefactRoot(roots), roots.temp] }, (message) => this.progress(message), (context) =>
      fn(module.createEngine(context), context),
    );
  }

  /** Parsed flags as a plain record (the flag set is built per module at runtime). */
  protected get flagValues(): Record<string, unknown> {
    return this.flags as Record<string, unknown>;
  }
}
