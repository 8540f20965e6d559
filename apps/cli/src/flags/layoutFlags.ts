import * as Flags from '@oclif/core/flags';

/**
 * `--layout` and `--schema-prefix`: which tables a command works on. `own` (default) is the
 * tool's own tables in the database the URL names; `spyglass` is a lab's DataJoint schemas
 * (`common_nwbfile`, `spikesorting_v1_recompute`, …) on the server the URL names.
 */
export const layoutFlags = {
  layout: Flags.option({
    options: ['own', 'spyglass'] as const,
    default: 'own' as const,
    env: 'RECOMPUTE_DB_LAYOUT',
    summary: "Table layout: 'own' (this tool's tables) or 'spyglass' (a lab's Spyglass DataJoint schemas on the server the URL names).",
    helpGroup: 'GLOBAL',
  })(),
  'schema-prefix': Flags.string({
    default: '',
    env: 'RECOMPUTE_SCHEMA_PREFIX',
    summary:
      "With --layout spyglass: the prefix of every Spyglass schema name (DataJoint's database.prefix), e.g. 'lab_' for lab_common_nwbfile.",
    helpGroup: 'GLOBAL',
  }),
};
