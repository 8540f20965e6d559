import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { setSortGroup, type SetSortGroupResult, type SpikeSortingPipeline } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';
import { parseIdList, parseNonNegativeInteger } from '../flags/parseListFlags';

/** `recompute {v0|v1} sort-group set NWB_FILE ID --electrodes 0,1,2,3 --reference 4|-1|-2`. */
export function sortGroupSetCommand(pipeline: SpikeSortingPipeline) {
  return class SortGroupSet extends BaseCommand<typeof SortGroupSet> {
    static override summary = `Create or replace a ${pipeline} sort group: its electrodes and reference.`;
    static override examples = [
      {
        description: 'Tetrode 0 referenced to electrode 4',
        command: `<%= config.bin %> ${pipeline} sort-group set oracle_raw.nwb 0 --electrodes 0,1,2,3 --reference 4`,
      },
      {
        description: 'Global median reference',
        command: `<%= config.bin %> ${pipeline} sort-group set oracle_raw.nwb 1 --electrodes 4,5,6,7 --reference -2`,
      },
    ];
    static override args = {
      nwbFile: Args.string({ description: 'Registered raw file name (nwb_file_name).', required: true }),
      // Parsed here, not by Args.integer, whose error names no argument and exits 1 (issue 12).
      id: Args.custom<number>({ parse: async (input) => parseNonNegativeInteger('ID (the sort group id)', input) })({
        description: 'Sort group id.',
        required: true,
      }),
    };
    static override flags = {
      electrodes: Flags.string({ summary: 'Electrode ids, comma-separated.', required: true }),
      reference: Flags.integer({
        summary:
          pipeline === 'v0'
            ? 'Reference: an electrode id, or -2 for the global median.'
            : 'Reference: an electrode id, -2 global median, -1 none.',
        required: true,
        min: -2,
      }),
    };

    public async run(): Promise<SetSortGroupResult> {
      const result = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
        setSortGroup(orm.em.fork(), pipeline, {
          nwbFileName: this.args.nwbFile,
          sortGroupId: this.args.id,
          electrodeIds: parseIdList('--electrodes', this.flags.electrodes),
          referenceId: this.flags.reference,
        }),
      );
      this.log(`${pipeline} sort group ${this.args.id} of ${this.args.nwbFile}: ${result.action}`);
      return result;
    }
  };
}
