import * as Flags from '@oclif/core/flags';
import type { AttemptResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import {
  attemptFilterFlags,
  attemptParamFlags,
  attemptParamsFromFlags,
  attemptSelectorFromFlags,
  filterFlags,
  restrictionFromFlags,
} from './filterFlags';

/** `--skip-xfail` given without a value (oclif string flags always take one). */
const SKIP_EVERY_XFAIL = 'all';

/**
 * `recompute {v0|v1} attempt [FILTERS] [--rounding N] [--limit N] [--force] [--skip-xfail[=REASON,…]]`.
 */
export function attemptCommand(module: RecomputeModule<RecordingKey>) {
  const reasons = Object.keys(module.xfailReasons ?? {});
  return class Attempt extends PipelineCommand {
    static override summary = `Select ${module.name} recordings for a recompute attempt in the current environment (RecordingRecomputeSelection).`;
    static override description =
      'Makes missing RecordingRecomputeVersions rows on the way. Skips recordings already matched and recordings whose recorded versions this environment cannot reproduce (unless --force), ' +
      'and records known expected failures with their reason unless --skip-xfail bypasses them. --env-id / --matched / --mismatched narrow the recordings to those with such an attempt.';
    static override examples = [
      { description: 'Select everything not yet attempted', command: `<%= config.bin %> ${module.name} attempt --json` },
      { description: 'A random sample of 20', command: `<%= config.bin %> ${module.name} attempt --limit 20` },
      { description: 'Attempt expected failures anyway (every reason)', command: `<%= config.bin %> ${module.name} attempt --skip-xfail` },
      ...(reasons.length > 0
        ? [
            {
              description: `Bypass only some reasons (${reasons.join(', ')})`,
              command: `<%= config.bin %> ${module.name} attempt --skip-xfail=${reasons.slice(0, 2).join(',')}`,
            },
          ]
        : []),
      {
        description: 'Retry here what did not match in another environment',
        command: `<%= config.bin %> ${module.name} attempt --env-id alice_default_00 --mismatched`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptFilterFlags(module, { params: false, command: 'attempt' }),
      ...attemptParamFlags(module),
      limit: Flags.integer({ summary: 'Select at most this many, chosen at random.', min: 1 }),
      force: Flags.boolean({
        summary:
          'Select even when the environment cannot reproduce the recorded versions (expected failures still apply: see --skip-xfail).',
        default: false,
      }),
      'skip-xfail': Flags.string({
        summary: 'Bypass the expected-failure check: alone for every reason, or =REASON,… for some (the reasons `status` lists).',
        description:
          `Known reasons: ${reasons.length > 0 ? reasons.map((r) => `${r} (${module.xfailReasons?.[r]})`).join('; ') : 'none'}. ` +
          `Existing selections held back by a bypassed reason are selected again. Example: ${module.name} attempt --skip-xfail${reasons[0] ? `=${reasons[0]}` : ''}`,
      }),
    };

    public override async init(): Promise<void> {
      // `--skip-xfail` alone means every reason; oclif string flags need a value, so supply one.
      this.argv = this.argv.map((arg) => (arg === '--skip-xfail' ? `--skip-xfail=${SKIP_EVERY_XFAIL}` : arg));
      await super.init();
    }

    public async run(): Promise<AttemptResult<RecordingKey>> {
      const flags = this.flagValues;
      const skip = flags['skip-xfail'] as string | undefined;
      const skipXfail =
        skip === undefined
          ? undefined
          : skip === SKIP_EVERY_XFAIL
            ? true
            : skip
                .split(',')
                .map((r) => r.trim())
                .filter(Boolean);
      const result = await this.withEngine(module, (engine) =>
        engine.attempt(restrictionFromFlags(module, flags), {
          params: attemptParamsFromFlags(module, flags),
          limit: flags.limit as number | undefined,
          force: flags.force as boolean,
          attempts: attemptSelectorFromFlags(module, flags, { params: false }),
          ...(skipXfail !== undefined ? { skipXfail } : {}),
        }),
      );
      this.log(
        `selected ${result.inserted.length}; skipped: ${result.skippedMatched.length} matched, ${result.skippedExisting.length} already selected, ` +
          `${result.skippedEnvironment.length} environment mismatch, ${result.skippedNoVersions.length} without versions; ${result.notChosen} not chosen by --limit; ` +
          `versions recorded for ${result.versionsInserted.length}; expected failures bypassed: ${result.xfailOverridden.length}`,
      );
      return result;
    }
  };
}
