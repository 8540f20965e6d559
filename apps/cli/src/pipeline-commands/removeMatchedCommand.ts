import * as Flags from '@oclif/core/flags';
import type { AttemptKey, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} remove-matched --json` output. */
export interface RemoveMatchedResult {
  dryRun: boolean;
  /** The redundant selections removed (or that would be). */
  removed: Array<AttemptKey<RecordingKey>>;
}

/** `recompute {v0|v1} remove-matched [FILTERS] [--env-id ID] [--rounding N] [--yes]` (upstream `remove_matched`). */
export function removeMatchedCommand(module: RecomputeModule<RecordingKey>) {
  const {
    matched: _matched,
    mismatched: _mismatched,
    ...selectorFlags
  } = attemptFilterFlags(module, { params: true, command: 'remove-matched' });
  return class RemoveMatched extends PipelineCommand {
    static override summary = `Remove ${module.name} selections made redundant by a match (RecordingRecomputeSelection.remove_matched).`;
    static override description =
      'A selection without a result is redundant once its recording matched in any environment or at any rounding (e.g. a lower rounding once a higher one matched). ' +
      'Without --yes this is a dry run that lists them. Result rows and files are never touched.';
    static override examples = [
      { description: 'What would be removed (dry run)', command: `<%= config.bin %> ${module.name} remove-matched` },
      {
        description: 'Remove those of one environment',
        command: `<%= config.bin %> ${module.name} remove-matched --env-id alice_default_00 --yes --json`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...selectorFlags,
      yes: Flags.boolean({
        summary: 'Really remove them (default: dry run).',
        description: `Example: ${module.name} remove-matched --yes`,
        default: false,
      }),
    };

    public async run(): Promise<RemoveMatchedResult> {
      const flags = this.flagValues;
      const dryRun = !(flags.yes as boolean);
      const removed = await this.withEngine(module, (engine) =>
        engine.removeMatched(restrictionFromFlags(module, flags), {
          dryRun,
          attempts: attemptSelectorFromFlags(module, flags, { params: true }),
        }),
      );
      this.log(`${dryRun ? 'would remove' : 'removed'} ${removed.length} redundant selection(s)`);
      for (const attempt of removed)
        this.log(`  ${JSON.stringify(attempt.recording)} env ${attempt.envId} ${JSON.stringify(attempt.params)}`);
      if (dryRun && removed.length > 0) this.log('Dry run: re-run with --yes to remove them.');
      return { dryRun, removed };
    }
  };
}
