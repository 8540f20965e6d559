import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { MikroOrmEnvironmentStore, environmentManifest, requireEnvironment } from '@spyglass-recompute/engine';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';

/** `recompute env export --json` output. */
export interface EnvExportResult {
  envId: string;
  /** The files written. */
  files: string[];
  /** How many packages are pinned. */
  pinned: number;
  /** Packages that cannot be reinstalled from a registry, with why. */
  notInstallable: Record<string, string>;
}

export default class EnvExport extends BaseCommand<typeof EnvExport> {
  static override summary =
    'Write a reinstallable manifest of a stored environment: package.json + package-lock.json for `npm ci` (upstream write_env_yaml).';
  static override description =
    'Every registry package of the environment is pinned exactly (dependencies and overrides) with a flat lockfile excerpt. ' +
    'Workspace, linked or editable packages, names installed at several versions and missing ones cannot come from a registry: they are listed under `recompute.notInstallable`.';
  static override examples = [
    {
      description: 'Reinstall an old environment in a fresh directory',
      command: '<%= config.bin %> env export alice_default_00 --out ./env-alice && cd env-alice && npm ci',
    },
  ];
  static override args = { envId: Args.string({ description: 'Stored env id.', required: true }) };
  static override flags = {
    out: Flags.string({
      summary: 'Directory to write package.json and package-lock.json into (created if missing).',
      description: 'Example: env export alice_default_00 --out ./env-alice',
      required: true,
    }),
    registry: Flags.string({ summary: 'Registry the lockfile resolves packages from.', default: 'https://registry.npmjs.org' }),
  };

  public async run(): Promise<EnvExportResult> {
    const record = await withDatabase(this.cliConfig, { migrate: 'auto' }, async (orm) =>
      requireEnvironment(new MikroOrmEnvironmentStore(orm.em.fork()), this.args.envId),
    );
    const manifest = environmentManifest(record, { registry: this.flags.registry });
    const dir = path.resolve(this.flags.out);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const [name, content] of [
      ['package.json', manifest.packageJson],
      ['package-lock.json', manifest.packageLock],
    ] as const) {
      const target = path.join(dir, name);
      // Written beside and renamed into place: a reader never sees half a manifest.
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
      await rename(temporary, target);
      files.push(target);
    }
    const pinned = Object.keys(manifest.packageJson.dependencies as Record<string, string>).length;
    this.log(
      `${record.envId}: ${pinned} packages pinned in ${dir}; not installable from a registry: ${Object.keys(manifest.notInstallable).join(', ') || 'none'}`,
    );
    return { envId: record.envId, files, pinned, notInstallable: manifest.notInstallable };
  }
}
