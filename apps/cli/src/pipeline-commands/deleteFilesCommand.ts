import * as Flags from '@oclif/core/flags';
import type { DeleteFilesResult, RecomputeModule, RecordingKey } from '@spyglass-recompute/engine';
import { ProgressMeter } from '../output/ProgressMeter';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';
import { parseDurationDays } from './parseDuration';
import { formatBytes } from '../output/formatBytes';

/** `recompute {v0|v1} delete-files [FILTERS] [--older-than 7d] [--dry-run] [--yes]`. */
export function deleteFilesCommand(module: RecomputeModule<RecordingKey>) {
  return class DeleteFiles extends PipelineCommand {
    static override summary = `Delete ${module.name} recordings whose regeneration was verified (matched), keeping the database rows.`;
    static override description =
      'Only matched, not-yet-deleted recordings older than the grace period qualify. Without --yes this is a dry run that reports what would be freed. ' +
      'Deletions an interrupted run flagged but did not finish (file or trash still on disk) are finished too. ' +
      'For each file the row is flagged deleted (committed) before the file is unlinked; nothing outside the data roots is touched; ' +
      'unusually large deletions are refused unless --allow-large-deletion is given.';
    static override examples = [
      { description: 'What would be deleted (dry run)', command: `<%= config.bin %> ${module.name} delete-files` },
      {
        description: 'Delete everything verified, no grace period',
        command: `<%= config.bin %> ${module.name} delete-files --older-than 0d --yes --json`,
      },
      {
        description: 'Only recordings verified in one environment',
        command: `<%= config.bin %> ${module.name} delete-files --env-id alice_default_00 --matched`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptFilterFlags(module, { params: true, command: 'delete-files' }),
      'older-than': Flags.string({ summary: 'Grace period: only files created longer ago than this (e.g. 7d, 12h, 0d).', default: '7d' }),
      'dry-run': Flags.boolean({ summary: 'Report only, even with --yes (the default without --yes).', default: false }),
      yes: Flags.boolean({ summary: 'Really delete, without asking.', default: false }),
      'allow-large-deletion': Flags.boolean({ summary: 'Override the refusal threshold for unusually large deletions.', default: false }),
    };

    public async run(): Promise<DeleteFilesResult<RecordingKey>> {
      const flags = this.flagValues;
      const dryRun = (flags['dry-run'] as boolean) || !(flags.yes as boolean);
      const meter = new ProgressMeter(`${module.name} delete-files`, { unit: 'files', write: (line) => this.progress(line) });
      const result = await this.withEngine(module, (engine) =>
        engine.deleteFiles(restrictionFromFlags(module, flags), {
          dryRun,
          yes: flags.yes as boolean,
          olderThanDays: parseDurationDays('--older-than', flags['older-than'] as string),
          allowLargeDeletion: flags['allow-large-deletion'] as boolean,
          attempts: attemptSelectorFromFlags(module, flags, { params: true }),
          onProgress: (done, total, bytesFreed) => meter.update(done, total, `${formatBytes(bytesFreed)} freed`),
        }),
      );
      const verb = result.dryRun ? 'would free' : 'freed';
      this.log(`${result.entries.length} recording(s); ${verb} ${formatBytes(result.bytes)}; ${result.tooRecent} kept by the grace period`);
      for (const entry of result.entries) {
        const what = entry.resumed ? 'finish deleting' : 'delete';
        this.log(
          `  ${result.dryRun ? `would ${what}` : `${what === 'delete' ? 'deleted' : 'finished deleting'}`} ${entry.path} (${formatBytes(entry.bytes)})`,
        );
      }
      if (result.dryRun && result.entries.length > 0) this.log('Dry run: re-run with --yes to delete.');
      return result;
    }
  };
}
