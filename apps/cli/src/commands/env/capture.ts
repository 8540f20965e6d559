import * as Flags from '@oclif/core/flags';
import { MikroOrmEnvironmentStore, registerEnvironmentAs } from '@spyglass-recompute/engine';
import { BaseCommand } from '../../BaseCommand';
import { captureCurrentEnvironment, registerCurrentEnvironment } from '../../context/currentEnvironment';
import { withDatabase } from '../../context/withDatabase';

/** `recompute env capture --json` output. */
export interface EnvCaptureResult {
  envId: string;
  envHash: string;
  inserted: boolean;
  hasEditable: boolean;
}

export default class EnvCapture extends BaseCommand<typeof EnvCapture> {
  static override summary = 'Store the current environment (UserEnvironment) and print its id.';
  static override description =
    'The id is {user}_{env name}_{NN} (RECOMPUTE_USER / RECOMPUTE_ENV_NAME, default: your login and "default"); NN increments when the name is taken by a different environment. Capturing an already-stored environment returns its existing id. ' +
    '--id stores it under exactly that id instead (upstream insert_current_env(env_id)); an id taken by another environment, or this environment stored under another id, is an error.';
  static override examples = [
    { description: 'Register this installation', command: '<%= config.bin %> env capture --json' },
    { description: 'Register it under a chosen id', command: '<%= config.bin %> env capture --id lab_2026_spring' },
  ];
  static override flags = {
    id: Flags.string({
      summary: 'Store the environment under exactly this env id.',
      description: 'Example: env capture --id lab_2026_spring',
    }),
  };

  public async run(): Promise<EnvCaptureResult> {
    return withDatabase(this.cliConfig, { migrate: 'auto' }, async (orm) => {
      const registered =
        this.flags.id === undefined
          ? await registerCurrentEnvironment(orm.em.fork())
          : await registerEnvironmentAs(new MikroOrmEnvironmentStore(orm.em.fork()), captureCurrentEnvironment(), this.flags.id);
      const result = {
        envId: registered.envId,
        envHash: registered.envHash,
        inserted: registered.inserted,
        hasEditable: registered.hasEditable,
      };
      this.log(`${result.envId}${result.inserted ? ' (new)' : ' (already stored)'}`);
      return result;
    });
  }
}
