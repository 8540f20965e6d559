import { Flags, type Interfaces } from '@oclif/core';
import type { RecomputeModule, RecordingKey, Restriction } from '@spyglass-recompute/core';

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
export function attemptParamsFromFlags(module: RecomputeModule<RecordingKey>, flags: Record<string, unknown>): Record<string, number> | undefined {
  const params: Record<string, number> = {};
  for (const name of Object.keys(module.attemptParams)) {
    if (typeof flags[name] === 'number') params[name] = flags[name] as number;
  }
  return Object.keys(params).length > 0 ? params : undefined;
}
