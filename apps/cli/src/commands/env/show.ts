import * as Flags from '@oclif/core/flags';
import { MikroOrmEnvironmentStore, environmentHash, type EnvironmentSnapshot } from '@spyglass-recompute/engine';
import { BaseCommand } from '../../BaseCommand';
import { captureCurrentEnvironment } from '../../context/currentEnvironment';
import { withDatabase } from '../../context/withDatabase';

/** One environment as `env show` prints it. */
export interface EnvironmentView {
  envId: string | null;
  envHash: string;
  hasEditable: boolean;
  packageCount: number;
  env?: EnvironmentSnapshot;
}

export default class EnvShow extends BaseCommand<typeof EnvShow> {
  static override summary = 'Show the current environment (the installed packages that can change generated files) and its id, if stored.';
  static override examples = [
    { description: 'The current environment with every package version', command: '<%= config.bin %> env show --packages --json' },
    { description: 'Every stored environment', command: '<%= config.bin %> env show --all' },
  ];
  static override flags = {
    all: Flags.boolean({ summary: 'List every stored environment instead of the current one.', default: false }),
    packages: Flags.boolean({ summary: 'Include the full dependency map.', default: false }),
  };

  public async run(): Promise<EnvironmentView | EnvironmentView[]> {
    return withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, async (orm) => {
      const store = new MikroOrmEnvironmentStore(orm.em.fork());
      if (this.flags.all) {
        const all = (await store.list()).map((record) => view(record.envId, record.env, this.flags.packages));
        for (const env of all)
          this.log(`${env.envId}  ${env.envHash}  ${env.packageCount} packages${env.hasEditable ? '  (editable)' : ''}`);
        return all;
      }
      const snapshot = captureCurrentEnvironment();
      const stored = await store.findByHash(environmentHash(snapshot));
      const current = view(stored?.envId ?? null, snapshot, this.flags.packages);
      this.log(
        `${current.envId ?? '(not stored yet: run `recompute env capture`)'}  ${current.envHash}  ${current.packageCount} packages${current.hasEditable ? '  (editable: ' + Object.keys(snapshot.editable).join(', ') + ')' : ''}`,
      );
      return current;
    });
  }
}

function view(envId: string | null, snapshot: EnvironmentSnapshot, withPackages: boolean): EnvironmentView {
  const base = {
    envId,
    envHash: environmentHash(snapshot),
    hasEditable: snapshot.hasEditable,
    packageCount: Object.keys(snapshot.packages).length,
  };
  return withPackages ? { ...base, env: snapshot } : base;
}
