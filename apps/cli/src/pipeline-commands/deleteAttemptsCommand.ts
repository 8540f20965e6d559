import * as Flags from '@oclif/core/flags';
import type { DeleteAttemptsResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';
import { formatBytes } from '../output/formatBytes';

/** `recompute {v0|v1} attempts delete [FILTERS] [--yes]` (upstream `RecordingRecompute.delete`). */
export function deleteAttemptsCommand(module: RecomputeModule<RecordingKey>) {
  return class DeleteAttempts extends PipelineCommand {
    static override summary = `Delete ${module.name} attempt rows and the regenerated copies kept for them in the temp root (never an original).`;
    static override description =
      'Removes the selected RecordingRecomputeSelection rows with their RecordingRecompute results and part rows, then their copies under SPYGLASS_TEMP_DIR. ' +
      'A matched attempt whose original was deleted is kept (it records that deletion). Without --yes this is a dry run.';
    static override examples = [
      { description: 'What would be deleted (dry run)', command: `<%= config.bin %> ${module.name} attempts delete --mismatched` },
      {
        description: 'Forget every attempt of one environment',
        command: `<%= config.bin %> ${module.name} attempts delete --env-id alice_default_00 --yes --json`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptFilterFlags(module, { params: true, command: 'attempts delete' }),
      yes: Flags.boolean({
        summary: 'Really delete (default: dry run).',
        description: `Example: ${module.name} attempts delete --mismatched --yes`,
        default: false,
      }),
    };

    public async run(): Promise<DeleteAttemptsResult<RecordingKey>> {
      const flags = this.flagValues;
      const yes = flags.yes as boolean;
      const result = await this.withEngine(module, (engine) =>
        engine.deleteAttempts(restrictionFromFlags(module, flags), {
          dryRun: !yes,
          yes,
          attempts: attemptSelectorFromFlags(module, flags, { params: true }),
        }),
      );
      this.log(
        `${result.dryRun ? 'would delete' : 'deleted'} ${result.entries.length} attempt(s) and ${formatBytes(result.bytes)} of regenerated copies; kept ${result.keptDeletedOriginals} recording a deleted original`,
      );
      for (const entry of result.entries)
        this.log(
          `  ${JSON.stringify(entry.recording)} env ${entry.envId} ${entry.state}${entry.temporaryPath ? ` ${entry.temporaryPath}` : ''}`,
        );
      if (result.dryRun && result.entries.length > 0) this.log('Dry run: re-run with --yes to delete.');
      return result;
    }
  };
}
