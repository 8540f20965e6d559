import { maskDbUrl, migrateDatabase, parseDbUrl } from '@spyglass-recompute/schema';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

/** `recompute db migrate --json` output. */
export interface DbMigrateResult {
  backend: string;
  url: string;
  applied: string[];
  upToDate: boolean;
}

export default class DbMigrate extends BaseCommand<typeof DbMigrate> {
  static override summary = 'Create or upgrade the database schema (idempotent).';
  static override description =
    'Runs every pending migration: creates the tables on an empty database and upgrades databases that hold the pre-recompute recording tables (adds hash / electrodes_id). Running it again does nothing.';
  static override examples = [
    { description: 'Migrate the embedded SQLite default', command: '<%= config.bin %> db migrate' },
    { description: 'Migrate a lab MySQL server', command: '<%= config.bin %> db migrate --db mysql://me:secret@db.lab/spyglass_recompute --json' },
  ];

  public async run(): Promise<DbMigrateResult> {
    const { dbUrl } = this.cliConfig;
    const { applied } = await withDatabase(this.cliConfig, { migrate: 'none', createDatabase: true }, (orm) => migrateDatabase(orm));
    const result = { backend: parseDbUrl(dbUrl).scheme, url: maskDbUrl(dbUrl), applied, upToDate: applied.length === 0 };
    this.log(applied.length === 0 ? `Nothing to do: ${result.url} is up to date.` : `Applied ${applied.join(', ')} to ${result.url}.`);
    return result;
  }
}
