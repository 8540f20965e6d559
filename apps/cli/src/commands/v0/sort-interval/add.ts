import { Args, Flags } from '@oclif/core';
import { addSortInterval, type AddSortIntervalResult } from '@spyglass-recompute/common';
import { BaseCommand } from '../../../BaseCommand';
import { withDatabase } from '../../../context/withDatabase';
import { parseSeconds } from '../../../flags/parseListFlags';

export default class V0SortIntervalAdd extends BaseCommand<typeof V0SortIntervalAdd> {
  static override summary = 'Add a v0 sort interval (SortInterval) of a raw file.';
  static override examples = [{ description: 'Two seconds of a session', command: '<%= config.bin %> v0 sort-interval add oracle_raw.nwb sortint --start 1687429800.5 --end 1687429802.5' }];
  static override args = {
    nwbFile: Args.string({ description: 'Registered raw file name (nwb_file_name).', required: true }),
    name: Args.string({ description: 'Sort interval name.', required: true }),
  };
  static override flags = {
    start: Flags.string({ summary: 'Start time in seconds.', required: true }),
    end: Flags.string({ summary: 'End time in seconds.', required: true }),
  };

  public async run(): Promise<AddSortIntervalResult> {
    const result = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
      addSortInterval(orm.em.fork(), { nwbFileName: this.args.nwbFile, name: this.args.name, start: parseSeconds('--start', this.flags.start), end: parseSeconds('--end', this.flags.end) }),
    );
    this.log(`${result.inserted ? 'added' : 'unchanged'}: ${result.nwbFileName} / ${result.name}`);
    return result;
  }
}
