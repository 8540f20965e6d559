import { Flags } from '@oclif/core';
import type { AttemptResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/core';
import { PipelineCommand } from './PipelineCommand';
import { attemptParamFlags, attemptParamsFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} attempt [FILTERS] [--rounding N] [--limit N] [--force]`. */
export function attemptCommand(module: RecomputeModule<RecordingKey>) {
  return class Attempt extends PipelineCommand {
    static override summary = `Select ${module.name} recordings for a recompute attempt in the current environment (RecordingRecomputeSelection).`;
    static override description =
      'Skips recordings already matched, recordings whose recorded versions this environment cannot reproduce (unless --force) and records known expected failures with their reason.';
    static override examples = [
      { description: 'Select everything not yet attempted', command: `<%= config.bin %> ${module.name} attempt --json` },
      { description: 'A random sample of 20', command: `<%= config.bin %> ${module.name} attempt --limit 20` },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptParamFlags(module),
      limit: Flags.integer({ summary: 'Select at most this many, chosen at random.', min: 1 }),
      force: Flags.boolean({ summary: 'Select even when the environment cannot reproduce the recorded versions.', default: false }),
    };

    public async run(): Promise<AttemptResult<RecordingKey>> {
      const flags = this.flagValues;
      const result = await this.withEngine(module, (engine) =>
        engine.attempt(restrictionFromFlags(module, flags), {
          params: attemptParamsFromFlags(module, flags),
          limit: flags.limit as number | undefined,
          force: flags.force as boolean,
        }),
      );
      this.log(
        `selected ${result.inserted.length}; skipped: ${result.skippedMatched.length} matched, ${result.skippedExisting.length} already selected, ` +
          `${result.skippedEnvironment.length} environment mismatch, ${result.skippedNoVersions.length} without versions; ${result.notChosen} not chosen by --limit`,
      );
      return result;
    }
  };
}
