import {
  inspectSpyglassDatabase,
  maskDbUrl,
  migrationStatus,
  openSpyglassServer,
  parseDbUrl,
  type SpyglassObjectState,
} from '@spyglass-recompute/schema';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

/** `recompute db status --json` output (the tool's own tables). */
export interface DbStatusResult {
  backend: string;
  url: string;
  applied: string[];
  pending: string[];
}

/** `recompute db status --layout spyglass --json` output. */
export interface SpyglassDbStatusResult {
  backend: string;
  url: string;
  layout: 'spyglass';
  schemaPrefix: string;
  /** Upstream Spyglass tables the tool reads (all present, else the command fails naming them). */
  upstream: SpyglassObjectState[];
  /** Recompute schemas, tables and columns; `db migrate --layout spyglass` adds the missing ones. */
  recompute: SpyglassObjectState[];
  missing: string[];
}

export default class DbStatus extends BaseCommand<typeof DbStatus> {
  static override summary = 'Show the database backend, its URL (password masked) and applied/pending migrations.';
  static override description =
    "With --layout spyglass: which of a lab's Spyglass schemas, recompute tables and recompute columns exist (read-only; fails with SPYGLASS_SCHEMA_MISSING, naming them, when the server holds no Spyglass database under the prefix).";
  static override examples = [
    { description: 'Status as JSON', command: '<%= config.bin %> db status --json' },
    {
      description: "A lab's Spyglass database",
      command: '<%= config.bin %> db status --layout spyglass --db mysql://me:secret@db.lab:3306 --json',
    },
  ];

  public async run(): Promise<DbStatusResult | SpyglassDbStatusResult> {
    const { dbUrl } = this.cliConfig;
    if (this.flags.layout === 'spyglass') return this.spyglassStatus(dbUrl);
    const { executed, pending } = await withDatabase(this.cliConfig, { migrate: 'none', readOnly: true }, (orm) => migrationStatus(orm));
    const result = { backend: parseDbUrl(dbUrl).scheme, url: maskDbUrl(dbUrl), applied: executed, pending };
    this.log(
      `backend: ${result.backend}\nurl: ${result.url}\napplied: ${executed.join(', ') || '(none)'}\npending: ${pending.join(', ') || '(none)'}`,
    );
    return result;
  }

  private async spyglassStatus(dbUrl: string): Promise<SpyglassDbStatusResult> {
    const server = await openSpyglassServer(dbUrl);
    try {
      const report = await inspectSpyglassDatabase(server.query, this.flags['schema-prefix']);
      const result = { backend: dbUrl.split(':')[0]!, url: maskDbUrl(dbUrl), layout: 'spyglass' as const, ...report };
      this.log(
        `layout: spyglass (schema prefix "${report.schemaPrefix}")\nurl: ${result.url}\n` +
          `upstream tables: ${report.upstream.length} present\n` +
          `recompute: ${report.recompute.length - report.missing.length}/${report.recompute.length} present` +
          (report.missing.length > 0 ? `\nmissing (db migrate --layout spyglass adds them): ${report.missing.join(', ')}` : ''),
      );
      return result;
    } finally {
      await server.close();
    }
  }
}
