import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import {
  addInterval,
  addSortInterval,
  type AddIntervalResult,
  type AddSortIntervalResult,
  type TimeWindowInput,
} from '@spyglass-recompute/common';
import type { RecomputeEntityManager } from '@spyglass-recompute/schema';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';
import { parseSeconds } from '../flags/parseListFlags';

/** The two named-time-window tables: IntervalList (`interval add`) and v0 SortInterval. */
type AddTimeWindow = (em: RecomputeEntityManager, input: TimeWindowInput) => Promise<AddIntervalResult | AddSortIntervalResult>;
const tables: Record<'interval' | 'sort-interval', { add: AddTimeWindow; what: string; example: string }> = {
  interval: { add: addInterval, what: 'IntervalList (v1 recordings name one with --interval)', example: 'interval add' },
  'sort-interval': {
    add: addSortInterval,
    what: 'v0 SortInterval (v0 recordings name one with --sort-interval)',
    example: 'v0 sort-interval add',
  },
};

/** `recompute interval add …` and `recompute v0 sort-interval add …`: same arguments, different table. */
export function timeWindowAddCommand(table: keyof typeof tables) {
  const { add, what, example } = tables[table];
  return class TimeWindowAdd extends BaseCommand<typeof TimeWindowAdd> {
    static override summary = `Add a named time window of a raw file to ${what}.`;
    static override examples = [
      {
        description: 'Two seconds of a session',
        command: `<%= config.bin %> ${example} oracle_raw.nwb first2s --start 1687429800.5 --end 1687429802.5`,
      },
    ];
    static override args = {
      nwbFile: Args.string({ description: 'Registered raw file name (nwb_file_name).', required: true }),
      name: Args.string({ description: 'Name of the time window.', required: true }),
    };
    static override flags = {
      start: Flags.string({ summary: 'Start time in seconds (the file’s timestamp clock).', required: true }),
      end: Flags.string({ summary: 'End time in seconds.', required: true }),
    };

    public async run(): Promise<AddIntervalResult | AddSortIntervalResult> {
      const result = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
        add(orm.em.fork(), {
          nwbFileName: this.args.nwbFile,
          name: this.args.name,
          start: parseSeconds('--start', this.flags.start),
          end: parseSeconds('--end', this.flags.end),
        }),
      );
      this.log(`${result.inserted ? 'added' : 'unchanged'}: ${result.nwbFileName} / ${result.name}`);
      return result;
    }
  };
}
