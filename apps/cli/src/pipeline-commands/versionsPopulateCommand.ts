import type { PopulateVersionsResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} versions populate [FILTERS]`. */
export function versionsPopulateCommand(module: RecomputeModule<RecordingKey>) {
  return class VersionsPopulate extends PipelineCommand {
    static override summary = `Record the package versions each ${module.name} recording was made with (RecordingRecomputeVersions).`;
    static override examples = [
      {
        description: 'All recordings of one file',
        command: `<%= config.bin %> ${module.name} versions populate --nwb-file oracle_raw.nwb --json`,
      },
    ];
    static override flags = { ...filterFlags(module) };

    public async run(): Promise<PopulateVersionsResult<RecordingKey>> {
      const result = await this.withEngine(module, (engine) => engine.populateVersions(restrictionFromFlags(module, this.flagValues)));
      this.log(`versions: ${result.inserted.length} inserted, ${result.alreadyPresent} already present, ${result.failed.length} failed`);
      for (const failure of result.failed) this.log(`  failed ${JSON.stringify(failure.key)}: ${failure.message}`);
      return result;
    }
  };
}
