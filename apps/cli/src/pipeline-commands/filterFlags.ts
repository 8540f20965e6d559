import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';
import type { AttemptSelector, RecomputeModule, RecordingKey, Restriction } from '@spyglass-recompute/engine';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFlag = Interfaces.Flag<any>;

/**
 * The structured FILTERS flags of a pipeline (`--nwb-file`, `--sort-group`, ...), never raw SQL.
 * Every filter may repeat: `--sort-group 0 --sort-group 1` matches either.
 */
export function filterFlags(module: RecomputeModule<RecordingKey>): Record<string, AnyFlag> {
  const flags: Record<string, AnyFlag> = {};
  for (const [flag, field] of Object.entries(module.filterFields)) {
    const common = { summary: field.description, multiple: true as const, helpGroup: 'FILTERS' };
    flags[flag] = field.type === 'integer' ? Flags.integer(common) : Flags.string(common);
  }
  return flags;
}

/** Turns parsed FILTERS flags into the engine's restriction (column → value or any-of values). */
export function restrictionFromFlags(module: RecomputeModule<RecordingKey>, flags: Record<string, unknown>): Restriction {
  const restriction: Restriction = {};
  for (const [flag, field] of Object.entries(module.filterFields)) {
    const values = flags[flag] as Array<string | number> | undefined;
    if (values === undefined || values.length === 0) continue;
    restriction[field.column] = values.length === 1 ? values[0]! : values;
  }
  return restriction;
}

/** Integer flags for a pipeline's attempt parameters (v1 `--rounding`). */
export function attemptParamFlags(module: RecomputeModule<RecordingKey>): Record<string, AnyFlag> {
  const flags: Record<string, AnyFlag> = {};
  for (const [name, param] of Object.entries(module.attemptParams)) {
    flags[name] = Flags.integer({ summary: param.description, min: 0 });
  }
  return flags;
}

/** The attempt parameters given on the command line (absent ones fall back to the pipeline's defaults). */
export function attemptParamsFromFlags(
  module: RecomputeModule<RecordingKey>,
  flags: Record<string, unknown>,
): Record<string, number> | undefined {
  const params: Record<string, number> = {};
  for (const name of Object.keys(module.attemptParams)) {
    if (typeof flags[name] === 'number') params[name] = flags[name] as number;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}

/**
 * The attempt FILTERS (`--env-id`, `--matched` / `--mismatched`, and with `params` the pipeline's
 * attempt parameters such as v1 `--rounding`), shared by every command that acts on attempts
 * (`status`, `run`, `delete-files`, `attempt`, `remove-matched`, `attempts delete`, `list`).
 */
export function attemptFilterFlags(
  module: RecomputeModule<RecordingKey>,
  options: { params: boolean; command: string },
): Record<string, AnyFlag> {
  const example = `${module.name} ${options.command}`;
  const flags: Record<string, AnyFlag> = {
    'env-id': Flags.string({
      summary: 'Only attempts made in this environment (UserEnvironment env_id).',
      description: `Example: ${example} --env-id alice_default_00`,
      helpGroup: 'FILTERS',
    }),
    matched: Flags.boolean({
      summary: 'Only attempts whose regeneration matched the original.',
      description: `Example: ${example} --matched --json`,
      exclusive: ['mismatched'],
      helpGroup: 'FILTERS',
    }),
    mismatched: Flags.boolean({
      summary: 'Only attempts with a result that is not a match (hash mismatch, error or expected failure).',
      description: `Example: ${example} --mismatched --json`,
      exclusive: ['matched'],
      helpGroup: 'FILTERS',
    }),
  };
  if (options.params) {
    for (const [name, param] of Object.entries(module.attemptParams)) {
      flags[name] = Flags.integer({
        summary: `Only attempts at this ${name} (${param.description}).`,
        description: `Example: ${example} --${name} ${param.default}`,
        min: 0,
        helpGroup: 'FILTERS',
      });
    }
  }
  return flags;
}

/** The attempt selector given by {@link attemptFilterFlags} (undefined when none is given). */
export function attemptSelectorFromFlags(
  module: RecomputeModule<RecordingKey>,
  flags: Record<string, unknown>,
  options: { params: boolean },
): AttemptSelector | undefined {
  const selector: AttemptSelector = {};
  if (typeof flags['env-id'] === 'string') selector.envId = flags['env-id'];
  if (flags.matched === true) selector.result = 'matched';
  if (flags.mismatched === true) selector.result = 'mismatched';
  if (options.params) {
    const params = attemptParamsFromFlags(module, flags);
    if (params) selector.params = params;
  }
  return Object.keys(selector).length > 0 ? selector : undefined;
}
