import { maskDbUrl, migrateDatabase, migrateSpyglassDatabase, openSpyglassServer, parseDbUrl } from '@spyglass-recompute/schema';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

/** `recompute db migrate --json` output (the tool's own tables). */
export interface DbMigrateResult {
  backend: string;
  url: string;
  applied: string[];
  upToDate: boolean;
}

/** `recompute db migrate --layout spyglass --json` output. */
export interface SpyglassDbMigrateResult {
  backend: string;
  url: string;
  layout: 'spyglass';
  schemaPrefix: string;
  /** The DDL it ran (DataJoint's, for Spyglass's definitions); empty when nothing was missing. */
  statements: string[];
  upToDate: boolean;
}

export default class DbMigrate extends BaseCommand<typeof DbMigrate> {
  static override summary = 'Create or upgrade the database schema (idempotent).';
  static override description =
    "Runs every pending migration: creates the tables on an empty database and upgrades databases that hold the pre-recompute recording tables (adds hash / electrodes_id). Running it again does nothing.\n\nWith --layout spyglass it adds to a lab's Spyglass schemas only what the recompute upgrade needs and they lack (the recompute schemas and tables, the hash / electrodes_id columns), with the DDL DataJoint declares for Spyglass's definitions; it never alters or drops anything else.";
  static override examples = [
    { description: 'Migrate the embedded SQLite default', command: '<%= config.bin %> db migrate' },
    {
      description: 'Migrate a lab MySQL server',
      command: '<%= config.bin %> db migrate --db mysql://me:secret@db.lab/spyglass_recompute --json',
    },
    {
      description: "Upgrade a lab's Spyglass schemas",
      command: '<%= config.bin %> db migrate --layout spyglass --db mysql://me:secret@db.lab:3306',
    },
  ];

  public async run(): Promise<DbMigrateResult | SpyglassDbMigrateResult> {
    const { dbUrl } = this.cliConfig;
    if (this.flags.layout === 'spyglass') return this.migrateSpyglass(dbUrl);
    const { applied } = await withDatabase(this.cliConfig, { migrate: 'none', createDatabase: true }, (orm) => migrateDatabase(orm));
    const result = { backend: parseDbUrl(dbUrl).scheme, url: maskDbUrl(dbUrl), applied, upToDate: applied.length === 0 };
    this.log(applied.length === 0 ? `Nothing to do: ${result.url} is up to date.` : `Applied ${applied.join(', ')} to ${result.url}.`);
    return result;
  }

  private async migrateSpyglass(dbUrl: string): Promise<SpyglassDbMigrateResult> {
    const server = await openSpyglassServer(dbUrl);
    try {
      const schemaPrefix = this.flags['schema-prefix'];
      const { statements } = await migrateSpyglassDatabase(server.query, schemaPrefix);
      const result = {
        backend: dbUrl.split(':')[0]!,
        url: maskDbUrl(dbUrl),
        layout: 'spyglass' as const,
        schemaPrefix,
        statements,
        upToDate: statements.length === 0,
      };
      this.log(
        statements.length === 0
          ? `Nothing to do: the Spyglass schemas on ${result.url} have every recompute table and column.`
          : `Ran:\n${statements.join(';\n')};`,
      );
      return result;
    } finally {
      await server.close();
    }
  }
}
