import { listPreprocessingParams, type PreprocessingParamsRow, type SpikeSortingPipeline } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';
import { pageOf, pagingFlags, type Page } from '../flags/pagingFlags';
import { pageFooter, renderTable } from '../output/renderTable';

/** `recompute {v0|v1} params list`. */
export function paramsListCommand(pipeline: SpikeSortingPipeline) {
  return class ParamsList extends BaseCommand<typeof ParamsList> {
    static override summary = `List the named ${pipeline} preprocessing parameter sets (what --params names).`;
    static override examples = [
      { description: 'Every parameter set as JSON', command: `<%= config.bin %> ${pipeline} params list --json` },
    ];
    static override flags = { ...pagingFlags() };

    public async run(): Promise<Page<PreprocessingParamsRow>> {
      const all = await withDatabase(this.cliConfig, { migrate: 'auto', readOnly: true }, (orm) =>
        listPreprocessingParams(orm.em, pipeline),
      );
      const page = pageOf(all, this.flags.offset, this.flags.limit);
      if (page.rows.length > 0) {
        this.log(
          renderTable(page.rows, [
            { header: 'NAME', cell: (r) => r.name },
            {
              header: 'PARAMETERS',
              cell: (r) =>
                Object.entries(r.params)
                  .map(([name, value]) => `${name}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
                  .join(' '),
            },
          ]),
        );
      }
      this.log(pageFooter({ total: page.total, offset: page.offset, shown: page.rows.length }, `${pipeline} parameter sets`));
      return page;
    }
  };
}
