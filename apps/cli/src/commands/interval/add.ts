import { Args, Flags } from '@oclif/core';
import { addInterval, type AddIntervalResult } from '@spyglass-recompute/common';
import { BaseCommand } from '../../BaseCommand';
import { withDatabase } from '../../context/withDatabase';
import { parseSeconds } from '../../flags/parseListFlags';

export default class IntervalAdd extends BaseCommand<typeof IntervalAdd> {
  static override summary = 'Add a named time interval of a raw file (IntervalList; v1 recordings name one with --interval).';
  static override examples = [{ description: 'Two seconds of a session', command: '<%= config.bin %> interval add oracle_raw.nwb first_2s --start 1687429800.5 --end 1687429802.5' }];
  static override args = {
    nwbFile: Args.string({ description: 'Registered raw file name (nwb_file_name).', required: true }),
    name: Args.string({ description: 'Interval list name.', required: true }),
  };
  static override flags = {
    start: Flags.string({ summary: 'Start time in seconds (the file’s timestamp clock).', required: true }),
    end: Flags.string({ summary: 'End time in seconds.', required: true }),
  };

  public async run(): Promise<AddIntervalResult> {
    const result = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
      addInterval(orm.em.fork(), { nwbFileName: this.args.nwbFile, name: this.args.name, start: parseSeconds('--start', this.flags.start), end: parseSeconds('--end', this.flags.end) }),
    );
    this.log(`${result.inserted ? 'added' : 'unchanged'}: ${result.nwbFileName} / ${result.name}`);
    return result;
  }
}
