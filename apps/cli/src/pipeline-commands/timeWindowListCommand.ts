import * as Flags from '@oclif/core/flags';
import { listTimeWindows, type TimeWindowRow } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';
import { pageOf, pagingFlags, type Page } from '../flags/pagingFlags';
import { pageFooter, renderTable } from '../output/renderTable';

const tables = {
  interval: { what: 'intervals (IntervalList; v1 recordings name one with --interval)', noun: 'intervals', example: 'interval list' },
  'sort-interval': {
    what: 'v0 sort intervals (v0 recordings name one with --sort-interval)',
    noun: 'v0 sort intervals',
    example: 'v0 sort-interval list',
  },
} as const;

/** `recompute interval list …` and `recompute v0 sort-interval list …`. */
export function timeWindowListCommand(table: keyof typeof tables) {
  const { what, noun, example } = tables[table];
  return class TimeWindowList extends BaseCommand<typeof TimeWindowList> {
    static override summary = `List named ${what}.`;
    static override examples = [
      { description: 'The time windows of one raw file', command: `<%= config.bin %> ${example} --nwb-file rat01_.nwb` },
    ];
    static override flags = {
      'nwb-file': Flags.string({ summary: 'Only windows of this raw file (repeat for several).', multiple: true, helpGroup: 'FILTERS' }),
      ...pagingFlags(),
    };

    public async run(): Promise<Page<TimeWindowRow>> {
      const all = await withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, (orm) =>
        listTimeWindows(orm.em, table, { nwbFileNames: this.flags['nwb-file'] }),
      );
      const page = pageOf(all, this.flags.offset, this.flags.limit);
      if (page.rows.length > 0) {
        this.log(
          renderTable(page.rows, [
            { header: 'NWB FILE', cell: (w) => w.nwbFileName },
            { header: 'NAME', cell: (w) => w.name },
            { header: 'PIECES', cell: (w) => w.validTimes.length, alignRight: true },
            { header: 'START', cell: (w) => w.validTimes[0]?.[0], alignRight: true },
            { header: 'END', cell: (w) => w.validTimes[w.validTimes.length - 1]?.[1], alignRight: true },
            { header: 'SECONDS', cell: (w) => Number(w.durationSeconds.toFixed(3)), alignRight: true },
          ]),
        );
      }
      this.log(pageFooter({ total: page.total, offset: page.offset, shown: page.rows.length }, noun));
      return page;
    }
  };
}
