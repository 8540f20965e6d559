import * as Flags from '@oclif/core/flags';
import { listSortGroups, type SortGroupRows, type SpikeSortingPipeline } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';
import { pageOf, pagingFlags, type Page } from '../flags/pagingFlags';
import { pageFooter, renderTable } from '../output/renderTable';

/** How a sort group's reference id reads (Spyglass's −2 / −1 conventions). */
export function referenceText(referenceId: number): string {
  if (referenceId === -2) return 'global median';
  if (referenceId === -1) return 'none';
  return `electrode ${referenceId}`;
}

/** `recompute {v0|v1} sort-group list [--nwb-file F] [--limit N] [--offset N]`. */
export function sortGroupListCommand(pipeline: SpikeSortingPipeline) {
  return class SortGroupList extends BaseCommand<typeof SortGroupList> {
    static override summary = `List ${pipeline} sort groups: their electrodes and reference.`;
    static override examples = [
      { description: 'The groups of one raw file', command: `<%= config.bin %> ${pipeline} sort-group list --nwb-file rat01_.nwb` },
    ];
    static override flags = {
      'nwb-file': Flags.string({ summary: 'Only groups of this raw file (repeat for several).', multiple: true, helpGroup: 'FILTERS' }),
      ...pagingFlags(),
    };

    public async run(): Promise<Page<SortGroupRows>> {
      const all = await withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, (orm) =>
        listSortGroups(orm.em, pipeline, { nwbFileNames: this.flags['nwb-file'] }),
      );
      const page = pageOf(all, this.flags.offset, this.flags.limit);
      if (page.rows.length > 0) {
        this.log(
          renderTable(page.rows, [
            { header: 'NWB FILE', cell: (g) => g.nwbFileName },
            { header: 'SORT GROUP', cell: (g) => g.sortGroupId, alignRight: true },
            { header: 'ELECTRODES', cell: (g) => g.electrodes.map((e) => e.electrodeId).join(',') },
            { header: 'REFERENCE', cell: (g) => referenceText(g.referenceId) },
          ]),
        );
      }
      this.log(pageFooter({ total: page.total, offset: page.offset, shown: page.rows.length }, `${pipeline} sort groups`));
      return page;
    }
  };
}
