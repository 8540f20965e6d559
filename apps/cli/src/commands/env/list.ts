import { MikroOrmEnvironmentStore, environmentHash } from '@spyglass-recompute/engine';
import { BaseCommand } from '../../BaseCommand';
import { captureCurrentEnvironment } from '../../context/currentEnvironment';
import { withDatabase } from '../../context/withDatabase';
import { pageOf, pagingFlags, type Page } from '../../flags/pagingFlags';
import { pageFooter, renderTable } from '../../output/renderTable';

/** One stored environment as `env list` prints it. */
export interface EnvironmentListRow {
  envId: string;
  envHash: string;
  createdAt: string;
  packageCount: number;
  hasEditable: boolean;
  /** Whether it is the environment this installation runs in (attempts made now use this id). */
  current: boolean;
}

export default class EnvList extends BaseCommand<typeof EnvList> {
  static override summary = 'List the stored environments (UserEnvironment): the software installations that made or remade files.';
  static override description =
    'An environment id reads {user}_{env name}_{NN}: who captured it, RECOMPUTE_ENV_NAME (default "default") and a counter that grows each time the installed packages change. Every recompute attempt is recorded against one; `env diff A B` shows what changed between two.';
  static override examples = [{ description: 'Every environment, the current one marked', command: '<%= config.bin %> env list' }];
  static override flags = { ...pagingFlags() };

  public async run(): Promise<Page<EnvironmentListRow>> {
    const currentHash = environmentHash(captureCurrentEnvironment());
    const records = await withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, (orm) =>
      new MikroOrmEnvironmentStore(orm.em.fork()).list(),
    );
    const rows = records.map((r) => ({
      envId: r.envId,
      envHash: r.envHash,
      createdAt: r.timestamp.toISOString(),
      packageCount: Object.keys(r.env.packages ?? {}).length,
      hasEditable: r.hasEditable,
      current: r.envHash === currentHash,
    }));
    const page = pageOf(rows, this.flags.offset, this.flags.limit);
    if (page.rows.length > 0) {
      this.log(
        renderTable(page.rows, [
          { header: 'ENV ID', cell: (r) => r.envId },
          { header: 'HASH', cell: (r) => r.envHash },
          { header: 'CREATED', cell: (r) => r.createdAt },
          { header: 'PACKAGES', cell: (r) => r.packageCount, alignRight: true },
          { header: 'EDITABLE', cell: (r) => (r.hasEditable ? 'yes' : 'no') },
          { header: 'CURRENT', cell: (r) => (r.current ? 'yes' : 'no') },
        ]),
      );
    }
    const footer = pageFooter({ total: page.total, offset: page.offset, shown: page.rows.length }, 'environments');
    this.log(
      rows.some((r) => r.current) ? footer : `${footer}; the current installation is not stored yet (\`recompute env capture\` stores it)`,
    );
    return page;
  }
}
