import { RecomputeError } from '@spyglass-recompute/errors';

/** Named factories for the typed errors of the job stores (DataJoint's `~jobs`). */
export const jobErrors = {
  /** A schema name DataJoint could not have made, refused before it reaches any SQL. */
  schemaNameInvalid(schema: string): RecomputeError {
    return new RecomputeError({
      code: 'JOBS_SCHEMA_INVALID',
      message: `"${schema}" is not a DataJoint schema name (1-64 letters, digits, "_", "$" or "-"); the ~jobs table lives in the recompute schema, e.g. spikesorting_v1_recompute.`,
      details: { schema },
    });
  },
} as const;
