import * as Flags from '@oclif/core/flags';
import {
  RECORDING_STATES,
  listRecordings,
  type RecomputeModule,
  type RecordingKey,
  type RecordingListEntry,
  type RecordingListPage,
} from '@spyglass-recompute/engine';
import { pagingFlags } from '../flags/pagingFlags';
import { pageFooter, renderTable } from '../output/renderTable';
import { PipelineCommand } from './PipelineCommand';
import { attemptFilterFlags, attemptSelectorFromFlags, filterFlags, restrictionFromFlags } from './filterFlags';
import { formatBytes } from '../output/formatBytes';

/** The first attribute present among `names` (v0 and v1 name the same thing differently). */
function attribute(entry: RecordingListEntry<RecordingKey>, ...names: string[]): string | number | null {
  for (const name of names) if (entry.attributes[name] !== undefined) return entry.attributes[name]!;
  return null;
}

/** `recompute {v0|v1} list [FILTERS] [--state S] [--limit N] [--offset N] [--json]`. */
export function listCommand(module: RecomputeModule<RecordingKey>) {
  return class List extends PipelineCommand {
    static override summary = `List ${module.name} recordings: key, raw file, sort group, interval, params, hash, recompute state and size on disk.`;
    static override description =
      `The KEY column is what \`${module.name} show\`, \`${module.name} fetch\` and \`${module.name} diff\` take. ` +
      'STATE sums up every attempt: deleted (verified, file removed), matched, mismatched, error, xfail (known expected failure), pending (selected, not run) or unattempted. ' +
      'The attempt filters (--env-id, --matched/--mismatched' +
      (Object.keys(module.attemptParams).length > 0
        ? `, ${Object.keys(module.attemptParams)
            .map((name) => `--${name}`)
            .join(', ')}`
        : '') +
      ') keep the recordings with at least one such attempt; STATE still sums up all of them.';
    static override examples = [
      { description: 'Everything (first 100 rows)', command: `<%= config.bin %> ${module.name} list` },
      { description: 'What failed to regenerate', command: `<%= config.bin %> ${module.name} list --state mismatched --state error` },
      {
        description: 'Recordings an environment failed to regenerate',
        command: `<%= config.bin %> ${module.name} list --env-id alice_default_00 --mismatched`,
      },
      {
        description: 'One raw file, as JSON, second page of 50',
        command: `<%= config.bin %> ${module.name} list --nwb-file rat01_.nwb --limit 50 --offset 50 --json`,
      },
    ];
    static override flags = {
      ...filterFlags(module),
      ...attemptFilterFlags(module, { params: true, command: 'list' }),
      state: Flags.option({ options: RECORDING_STATES, multiple: true })({
        summary: 'Only recordings in this state (repeat for several).',
        helpGroup: 'FILTERS',
      }),
      ...pagingFlags(),
    };

    public async run(): Promise<RecordingListPage<RecordingKey>> {
      const flags = this.flagValues;
      const page = await this.withEngine(
        module,
        (engine) =>
          listRecordings(engine, restrictionFromFlags(module, flags), {
            states: flags.state as RecordingListEntry<RecordingKey>['state'][] | undefined,
            attempts: attemptSelectorFromFlags(module, flags, { params: true }),
            offset: flags.offset as number,
            limit: flags.limit as number,
          }),
        // Like `status`: creates no database and stores no environment row.
        { readOnly: true },
      );
      if (page.recordings.length > 0) {
        this.log(
          renderTable(page.recordings, [
            { header: 'KEY', cell: (r) => r.keyText },
            { header: 'NWB FILE', cell: (r) => attribute(r, 'nwb_file_name') },
            { header: 'SORT GROUP', cell: (r) => attribute(r, 'sort_group_id'), alignRight: true },
            { header: 'INTERVAL', cell: (r) => attribute(r, 'interval_list_name', 'sort_interval_name') },
            { header: 'PARAMS', cell: (r) => attribute(r, 'preproc_param_name', 'preproc_params_name') },
            { header: 'HASH', cell: (r) => r.hash },
            { header: 'STATE', cell: (r) => r.state },
            { header: 'SIZE', cell: (r) => (r.bytes > 0 ? formatBytes(r.bytes) : 'absent'), alignRight: true },
          ]),
        );
      }
      this.log(pageFooter({ total: page.total, offset: page.offset, shown: page.recordings.length }, `${module.name} recordings`));
      return page;
    }
  };
}
