import { BaseCommand } from '../../BaseCommand';
import { registerCurrentEnvironment } from '../../context/currentEnvironment';
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
    'The id is {user}_{env name}_{NN} (RECOMPUTE_USER / RECOMPUTE_ENV_NAME, default: your login and "default"); NN increments when the name is taken by a different environment. Capturing an already-stored environment returns its existing id.';
  static override examples = [{ description: 'Register this installation', command: '<%= config.bin %> env capture --json' }];

  public async run(): Promise<EnvCaptureResult> {
    return withDatabase(this.cliConfig, { migrate: 'auto' }, async (orm) => {
      const registered = await registerCurrentEnvironment(orm.em.fork());
      const result = { envId: registered.envId, envHash: registered.envHash, inserted: registered.inserted, hasEditable: registered.snapshot.hasEditable };
      this.log(`${result.envId}${result.inserted ? ' (new)' : ' (already stored)'}`);
      return result;
    });
  }
}
