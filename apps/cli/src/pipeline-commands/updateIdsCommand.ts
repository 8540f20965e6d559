import * as Flags from '@oclif/core/flags';
import type { RecomputeModule, RecordingKey, UpdateIdsReport } from '@spyglass-recompute/engine';
import { ProgressMeter } from '../output/ProgressMeter';
import { PipelineCommand } from './PipelineCommand';
import { filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} update-ids [FILTERS] [module flags] --json` (upstream `update_ids` + `update_secondary`). */
export function updateIdsCommand(module: RecomputeModule<RecordingKey>) {
  const moduleFlags = Object.entries(module.updateIdsHelp.flags ?? {});
  return class UpdateIds extends PipelineCommand {
    static override summary = module.updateIdsHelp.summary;
    static override description = module.updateIdsHelp.description;
    static override examples = [
      { description: 'Every pre-upgrade row', command: `<%= config.bin %> ${module.name} update-ids --json` },
      { description: 'One session', command: `<%= config.bin %> ${module.name} update-ids --nwb-file rat01_.nwb` },
      ...moduleFlags.map(([name, summary]) => ({
        description: summary,
        command: `<%= config.bin %> ${module.name} update-ids --nwb-file rat01_.nwb --${name}`,
      })),
    ];
    static override flags = {
      ...filterFlags(module),
      ...Object.fromEntries(moduleFlags.map(([name, summary]) => [name, Flags.boolean({ summary, default: false })])),
    };

    public async run(): Promise<UpdateIdsReport<RecordingKey>['result']> {
      const flags = this.flagValues;
      const meter = new ProgressMeter(`${module.name} update-ids`, { unit: 'recordings', write: (line) => this.progress(line) });
      const report = await this.withModuleContext(
        module,
        (context) =>
          module.updateIds(context, {
            restriction: restrictionFromFlags(module, flags),
            flags: Object.fromEntries(moduleFlags.map(([name]) => [name, flags[name] === true])),
            onProgress: (done, total) => meter.update(done, total),
          }),
        // Only hashes what is on disk: nothing is regenerated, so the temp root is not needed.
        { requireTemp: false },
      );
      for (const line of report.summary) this.log(line);
      const { secondary } = report.result;
      this.log(`attempt rows: ${secondary.checked} checked, ${secondary.changed.length} changed (created_at / deleted from the disk)`);
      return report.result;
    }
  };
}
