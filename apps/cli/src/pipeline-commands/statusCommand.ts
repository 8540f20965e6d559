import { formatBytes } from '../output/formatBytes';
import { summariseJobs, type JobsSummary, type RecomputeModule, type RecomputeStatus, type RecordingKey } from '@spyglass-recompute/engine';
import { listJobRows } from '../context/jobStores';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';

/** `recompute {v0|v1} status [FILTERS] --json`. */
export function statusCommand(module: RecomputeModule<RecordingKey>) {
  return class Status extends PipelineCommand {
    static override summary = `Count ${module.name} recompute attempts by state and the disk space deletion would reclaim.`;
    static override examples = [
      { description: 'Machine-readable counts', command: `<%= config.bin %> ${module.name} status --json` },
      {
        description: 'Only the attempts of one environment that did not match',
        command: `<%= config.bin %> ${module.name} status --env-id alice_default_00 --mismatched`,
      },
    ];
    static override flags = { ...filterFlags(module), ...attemptFilterFlags(module, { params: true, command: 'status' }) };

    public async run(): Promise<RecomputeStatus & { jobs: JobsSummary }> {
      const flags = this.flagValues;
      const status = await this.withEngine(
        module,
        async (engine, context) => ({
          ...(await engine.status(restrictionFromFlags(module, flags), {
            attempts: attemptSelectorFromFlags(module, flags, { params: true }),
          })),
          // Reserve-jobs rows (cluster runs): who holds what, per host, and what failed.
          jobs: summariseJobs(await listJobRows(module, context), new Date()),
        }),
        { readOnly: true },
      );
      this.log(
        `pending ${status.pending} · matched ${status.matched} · mismatched ${status.mismatched} · error ${status.error} · xfail ${status.xfail} · deleted ${status.deleted} (total ${status.total})\n` +
          `reclaimable: ${formatBytes(status.bytesReclaimable)} · regenerated copies kept: ${formatBytes(status.bytesTemporary)}` +
          ` · left over by crashed runs: ${formatBytes(status.bytesLeftover)} (${status.leftoverEntries} entries; \`${module.name} delete-files\` / \`${module.name} cleanup\` remove them)` +
          Object.entries(status.xfailReasons)
            .map(([reason, n]) => `\n  xfail ${reason}: ${n}`)
            .join('') +
          formatJobs(status.jobs),
      );
      return status;
    }
  };
}

/** One line per host holding jobs rows, e.g. `jobs on node-a: reserved 2 (pids 11, 12) · error 1`. */
function formatJobs(jobs: JobsSummary): string {
  return Object.entries(jobs.byHost)
    .map(([host, counts]) => {
      const parts = [
        counts.reserved > 0
          ? `reserved ${counts.reserved} (pid${counts.pids.length > 1 ? 's' : ''} ${counts.pids.join(', ')}${counts.expired > 0 ? `; ${counts.expired} expired` : ''})`
          : '',
        counts.error > 0 ? `error ${counts.error}` : '',
        counts.ignore > 0 ? `ignore ${counts.ignore}` : '',
      ].filter(Boolean);
      return `\n  jobs on ${host}: ${parts.join(' · ')}`;
    })
    .join('');
}
