import * as Flags from '@oclif/core/flags';
import type { CleanupResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { PipelineCommand } from './PipelineCommand';
import { formatBytes } from '../output/formatBytes';

/** `recompute {v0|v1} cleanup [--yes] [--delete-untracked]`. */
export function cleanupCommand(module: RecomputeModule<RecordingKey>) {
  return class Cleanup extends PipelineCommand {
    static override summary = `Remove what crashed ${module.name} runs left behind in the data roots (dry run unless --yes).`;
    static override description =
      'Trash (.deleting-), partial and temporary entries whose owning process (host and pid are in the name) is dead, and stale regeneration locks, ' +
      `are removed from the ${module.name} artefact root and its temp subtree; entries of live processes and of other hosts are left alone. ` +
      'Files and folders no database row references are listed, and removed only with --delete-untracked. ' +
      `Rows flagged deleted whose file is still present are finished by \`${module.name} delete-files\`, not here.`;
    static override examples = [
      { description: 'What would be removed (dry run)', command: `<%= config.bin %> ${module.name} cleanup` },
      { description: 'Remove the residue of crashed runs', command: `<%= config.bin %> ${module.name} cleanup --yes --json` },
    ];
    static override flags = {
      yes: Flags.boolean({ summary: 'Really remove, without asking (otherwise a dry run).', default: false }),
      'delete-untracked': Flags.boolean({
        summary: 'Also remove the listed files and folders no row references (with --yes).',
        default: false,
      }),
    };

    public async run(): Promise<CleanupResult> {
      const flags = this.flagValues;
      const result = await this.withEngine(module, (engine) =>
        engine.cleanup({ dryRun: !(flags.yes as boolean), deleteUntracked: flags['delete-untracked'] as boolean }),
      );
      const verb = result.dryRun ? 'would remove' : 'removed';
      this.log(
        `${result.residue.length} leftover entr${result.residue.length === 1 ? 'y' : 'ies'} of dead processes; ${verb} ${formatBytes(result.bytes)}`,
      );
      for (const entry of result.residue) this.log(`  ${verb} ${entry.path} (${entry.tag}, pid ${entry.pid}, ${formatBytes(entry.bytes)})`);
      for (const lock of result.staleLocks) this.log(`  ${verb} stale lock ${lock}`);
      for (const entry of result.inUse) this.log(`  kept ${entry.path} (pid ${entry.pid} is alive or on another host)`);
      for (const entry of result.untracked)
        this.log(`  ${result.untrackedRemoved ? 'removed' : 'untracked'} ${entry.path} (${formatBytes(entry.bytes)})`);
      if (result.untracked.length > 0 && !result.untrackedRemoved)
        this.log('Untracked entries are only listed; add --delete-untracked (with --yes) to remove them.');
      if (result.dryRun && result.bytes > 0) this.log('Dry run: re-run with --yes to remove.');
      return result;
    }
  };
}
