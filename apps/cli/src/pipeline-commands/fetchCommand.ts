import * as Args from '@oclif/core/args';
import type { EnsuredArtefact, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { formatSeconds } from '../output/ProgressMeter';
import { PipelineCommand } from './PipelineCommand';

/** `recompute {v0|v1} fetch KEY --json`: the on-demand chokepoint, from the command line. */
export function fetchCommand(module: RecomputeModule<RecordingKey>) {
  return class Fetch extends PipelineCommand {
    static override summary = `Make sure a ${module.name} recording exists, regenerating and verifying it if it was deleted.`;
    static override description =
      'A regenerated file becomes visible at its official path only if its hash equals the stored one; otherwise it is removed and the command fails with exit code 4, naming both hashes and the environment.';
    static override examples = [
      { description: 'Path of a recording, regenerated if needed', command: `<%= config.bin %> ${module.name} fetch KEY --json` },
    ];
    static override args = { key: Args.string({ description: module.keyDescription, required: true }) };

    public async run(): Promise<EnsuredArtefact> {
      const text = (this.args as { key: string }).key;
      const started = Date.now();
      this.progress(`${module.name} fetch ${text}: regenerating and verifying it if its file is missing…`);
      const ensured = await this.withModuleContext(module, async (context) =>
        module.fetch(context, await module.resolveKey(text, context)),
      );
      this.log(
        `${ensured.path}${ensured.regenerated ? ` (regenerated and verified in ${formatSeconds((Date.now() - started) / 1000)})` : ''}`,
      );
      return ensured;
    }
  };
}
