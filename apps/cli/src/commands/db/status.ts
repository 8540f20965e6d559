import { maskDbUrl, migrationStatus, parseDbUrl } from '@spyglass-recompute/schema';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

/** `recompute db status --json` output. */
export interface DbStatusResult {
  backend: string;
  url: string;
  applied: string[];
  pending: string[];
}

export default class DbStatus extends BaseCommand<typeof DbStatus> {
  static override summary = 'Show the database backend, its URL (password masked) and applied/pending migrations.';
  static override examples = [{ description: 'Status as JSON', command: '<%= config.bin %> db status --json' }];

  public async run(): Promise<DbStatusResult> {
    const { dbUrl } = this.cliConfig;
    const { executed, pending } = await withDatabase(this.cliConfig, { migrate: 'none', readOnly: true }, (orm) => migrationStatus(orm));
    const result = { backend: parseDbUrl(dbUrl).scheme, url: maskDbUrl(dbUrl), applied: executed, pending };
    this.log(`backend: ${result.backend}\nurl: ${result.url}\napplied: ${executed.join(', ') || '(none)'}\npending: ${pending.join(', ') || '(none)'}`);
    return result;
  }
}
