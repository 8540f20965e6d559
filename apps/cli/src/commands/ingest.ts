import { mkdir } from 'node:fs/promises';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { ingestRawNwb, type AlreadyIngested, type IngestSummary } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';

export default class Ingest extends BaseCommand<typeof Ingest> {
  static override summary =
    'Register a raw NWB file: session, probes, electrode groups, electrodes, valid times, default params and sort groups.';
  static override description =
    'A file outside SPYGLASS_RAW_DIR is copied into it first. Re-ingesting the same file does nothing; a different file with the same name is an error.';
  static override examples = [
    { description: 'Ingest a raw recording', command: '<%= config.bin %> ingest /data/incoming/rat01_20230622.nwb --json' },
  ];
  static override args = { raw: Args.string({ description: 'Raw NWB file with an acquisition ElectricalSeries.', required: true }) };
  static override flags = {
    team: Flags.string({ summary: 'LabTeam to register (created if missing).', default: 'default' }),
    'sort-groups': Flags.option({
      options: ['group', 'shank'] as const,
      summary: 'Default sort groups: one per electrode group or one per shank.',
      default: 'group' as const,
    })(),
  };

  public async run(): Promise<IngestSummary | AlreadyIngested> {
    await mkdir(this.cliConfig.roots.raw, { recursive: true });
    const summary = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
      ingestRawNwb(orm.em.fork(), {
        rawPath: this.userPath(this.args.raw),
        roots: this.cliConfig.roots,
        team: this.flags.team,
        sortGroups: this.flags['sort-groups'],
      }),
    );
    if (summary.alreadyIngested) this.log(`${summary.nwbFileName} is already ingested (${summary.nwbFileAbsPath}); nothing to do.`);
    else {
      this.log(
        `ingested ${summary.nwbFileName}: ${summary.electrodeCount} electrodes in ${summary.electrodeGroups.length} groups, ` +
          `${summary.numSamples} samples, ${summary.validTimes.length} valid-time piece(s), ${summary.sortGroups.length} default sort groups`,
      );
      for (const warning of summary.warnings) this.progress(`warning: ${warning}`);
    }
    return summary;
  }
}
