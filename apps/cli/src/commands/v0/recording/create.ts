import * as Flags from '@oclif/core/flags';
import {
  assertV0FolderNames,
  createV0Recording,
  DEFAULT_V0_WRITER_PROFILE,
  V0_WRITER_PROFILES,
  type CreatedV0Recording,
} from '@spyglass-recompute/v0';
import { BaseCommand } from '../../../BaseCommand';
import { withRecomputeContext } from '../../../context/withRecomputeContext';

export default class V0RecordingCreate extends BaseCommand<typeof V0RecordingCreate> {
  static override summary = 'Select and create a v0 recording: the spikeinterface binary folder and its hash.';
  static override description =
    'Writes {recording}/{nwb_file_name}_{sort_interval_name}_{sort_group_id}_{preproc_params_name}/ (one .raw/times file per segment) via a temp folder, hashes it (spyglass-dir) and logs the creation as a verified attempt for the current environment.';
  static override examples = [
    {
      description: 'Sort group 0 over a sort interval',
      command: '<%= config.bin %> v0 recording create --nwb-file oracle_raw.nwb --sort-group 0 --sort-interval sortint --json',
    },
    {
      description: 'The same folder as spikeinterface 0.98.2 / probeinterface 0.2.17 save it',
      command:
        '<%= config.bin %> v0 recording create --nwb-file oracle_raw.nwb --sort-group 0 --sort-interval sortint --writer-profile si-0.98',
    },
  ];
  static override flags = {
    'nwb-file': Flags.string({ summary: 'Registered raw file name (nwb_file_name).', required: true }),
    'sort-group': Flags.integer({ summary: 'v0 sort group id.', required: true, min: 0 }),
    'sort-interval': Flags.string({ summary: 'v0 sort interval name.', required: true }),
    params: Flags.string({ summary: 'v0 preprocessing parameter set.', default: 'default' }),
    team: Flags.string({ summary: 'LabTeam name.', default: 'default' }),
    'writer-profile': Flags.string({
      summary: 'Writer profile: which spikeinterface/probeinterface JSON dialect to write the folder in.',
      description: V0_WRITER_PROFILES.map((p) => `${p.name}: ${p.description}`).join('\n'),
      options: V0_WRITER_PROFILES.map((p) => p.name),
      default: DEFAULT_V0_WRITER_PROFILE,
    }),
  };

  public async run(): Promise<CreatedV0Recording> {
    // Bad names are refused before anything (even a missing data root) is created.
    assertV0FolderNames({
      nwb_file_name: this.flags['nwb-file'],
      sort_interval_name: this.flags['sort-interval'],
      sort_group_id: this.flags['sort-group'],
      preproc_params_name: this.flags.params,
    });
    const result = await withRecomputeContext(
      this.cliConfig,
      { create: true },
      (m) => this.progress(m),
      (context) =>
        createV0Recording(context.em, context, {
          nwbFileName: this.flags['nwb-file'],
          sortGroupId: this.flags['sort-group'],
          sortIntervalName: this.flags['sort-interval'],
          paramsName: this.flags.params,
          teamName: this.flags.team,
          writerProfile: this.flags['writer-profile'],
        }),
    );
    this.log(`${result.created ? 'created' : 'already existed'}: ${result.recording_path} (${result.hash})`);
    return result;
  }
}
