import { Args, Flags } from '@oclif/core';
import { MikroOrmEnvironmentStore, diffEnvironments, requireEnvironment, type EnvironmentDiff } from '@spyglass-recompute/core';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

export default class EnvDiff extends BaseCommand<typeof EnvDiff> {
  static override summary = 'List exactly the packages (and runtime fields) whose versions differ between two stored environments.';
  static override examples = [
    { description: 'All differences', command: '<%= config.bin %> env diff alice_default_00 bob_default_01' },
    { description: 'Only some packages', command: '<%= config.bin %> env diff alice_default_00 bob_default_01 --deps h5wasm,@spyglass-recompute/v1 --json' },
  ];
  static override args = {
    a: Args.string({ description: 'First env id.', required: true }),
    b: Args.string({ description: 'Second env id.', required: true }),
  };
  static override flags = {
    deps: Flags.string({ summary: 'Comma-separated package names to compare (default: all).' }),
  };

  public async run(): Promise<EnvironmentDiff> {
    return withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, async (orm) => {
      const store = new MikroOrmEnvironmentStore(orm.em.fork());
      const a = await requireEnvironment(store, this.args.a);
      const b = await requireEnvironment(store, this.args.b);
      const deps = this.flags.deps?.split(',').map((d) => d.trim()).filter(Boolean);
      const diff = diffEnvironments(a.env, b.env, { deps });
      for (const r of diff.runtime) this.log(`${r.field}: ${r.a} → ${r.b}`);
      for (const p of diff.packages) this.log(`${p.name}: ${p.a ?? '(absent)'} → ${p.b ?? '(absent)'}`);
      if (diff.runtime.length === 0 && diff.packages.length === 0) this.log('identical');
      return diff;
    });
  }
}
