import { formatBytes } from '../output/formatBytes';
import type { RecomputeModule, RecomputeStatus, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} status [FILTERS] --json`. */
export function statusCommand(module: RecomputeModule<RecordingKey>) {
  return class Status extends PipelineCommand {
    static override summary = `Count ${module.name} recompute attempts by state and the disk space deletion would reclaim.`;
    static override examples = [
      { description: 'Machine-readable counts', command: `<%= config.bin %> ${module.name} status --json` },
      { description: 'Only the attempts of one environment that did not match', command: `<%= config.bin %> ${module.name} status --env-id alice_default_00 --mismatched` },
    ];
    static override flags = { ...filterFlags(module), ...attemptFilterFlags(module, { params: true, command: 'status' }) };

    public async run(): Promise<RecomputeStatus> {
      const flags = this.flagValues;
      const status = await this.withEngine(
        module,
        (engine) => engine.status(restrictionFromFlags(module, flags), { attempts: attemptSelectorFromFlags(module, flags, { params: true }) }),
        { readOnly: true },
      );
      this.log(
        `pending ${status.pending} · matched ${status.matched} · mismatched ${status.mismatched} · error ${status.error} · xfail ${status.xfail} · deleted ${status.deleted} (total ${status.total})\n` +
          `reclaimable: ${formatBytes(status.bytesReclaimable)} · regenerated copies kept: ${formatBytes(status.bytesTemporary)}` +
          ` · left over by crashed runs: ${formatBytes(status.bytesLeftover)} (${status.leftoverEntries} entries; \`${module.name} delete-files\` / \`${module.name} cleanup\` remove them)` +
          Object.entries(status.xfailReasons).map(([reason, n]) => `\n  xfail ${reason}: ${n}`).join(''),
      );
      return status;
    }
  };
}

