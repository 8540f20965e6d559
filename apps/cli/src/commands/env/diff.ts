import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import {
  MikroOrmEnvironmentStore,
  diffEnvironments,
  requireEnvironment,
  type EnvironmentDiff,
  type EnvironmentSnapshot,
} from '@spyglass-recompute/engine';
import { BaseCommand } from '../../BaseCommand';
import { captureCurrentEnvironment } from '../../context/currentEnvironment';
import { withDatabase } from '../../context/withDatabase';

/** The argument naming the running installation instead of a stored env id. */
const CURRENT = 'current';

export default class EnvDiff extends BaseCommand<typeof EnvDiff> {
  static override summary = 'List exactly the packages (and runtime fields) whose versions differ between two environments.';
  static override description = `Each side is a stored env id, or \`${CURRENT}\` for the running installation (whether stored or not).`;
  static override examples = [
    { description: 'All differences', command: '<%= config.bin %> env diff alice_default_00 bob_default_01' },
    { description: 'What changed since an environment was stored', command: `<%= config.bin %> env diff ${CURRENT} alice_default_00` },
    {
      description: 'Only some packages',
      command: '<%= config.bin %> env diff alice_default_00 bob_default_01 --deps h5wasm,@spyglass-recompute/v1 --json',
    },
  ];
  static override args = {
    a: Args.string({ description: `First env id, or \`${CURRENT}\`.`, required: true }),
    b: Args.string({ description: `Second env id, or \`${CURRENT}\`.`, required: true }),
  };
  static override flags = {
    deps: Flags.string({ summary: 'Comma-separated package names to compare (default: all).' }),
  };

  public async run(): Promise<EnvironmentDiff> {
    return withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, async (orm) => {
      const store = new MikroOrmEnvironmentStore(orm.em.fork());
      const load = async (id: string): Promise<EnvironmentSnapshot> =>
        id === CURRENT ? captureCurrentEnvironment() : (await requireEnvironment(store, id)).env;
      const a = await load(this.args.a);
      const b = await load(this.args.b);
      const deps = this.flags.deps
        ?.split(',')
        .map((d) => d.trim())
        .filter(Boolean);
      const diff = diffEnvironments(a, b, { deps });
      for (const r of diff.runtime) this.log(`${r.field}: ${r.a} → ${r.b}`);
      for (const p of diff.packages) this.log(`${p.name}: ${p.a ?? '(absent)'} → ${p.b ?? '(absent)'}`);
      if (diff.runtime.length === 0 && diff.packages.length === 0) this.log('identical');
      return diff;
    });
  }
}
