/** Name of the table MikroORM records executed migrations in. */
export const MIGRATIONS_TABLE = 'recompute__migrations';

/**
 * Names of every committed migration, in order: the same names as `migrationsList`, as plain
 * strings so a "is the database migrated" check does not load `@mikro-orm/migrations` (umzug and
 * its dependencies, about a fifth of a CLI command's start-up). A test keeps the two in step.
 */
export const migrationNames: readonly string[] = ['Migration20261125000000BaseLayout', 'Migration20261125010000RecomputeUpgrade'];
