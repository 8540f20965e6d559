import * as Flags from '@oclif/core/flags';
import {
  assertV1NwbFileName,
  createV1Recording,
  DEFAULT_V1_WRITER_PROFILE,
  V1_WRITER_PROFILES,
  type CreateV1RecordingResult,
} from '@spyglass-recompute/v1';
import { BaseCommand } from '../../../BaseCommand';
import { withRecomputeContext } from '../../../context/withRecomputeContext';

export default class V1RecordingCreate extends BaseCommand<typeof V1RecordingCreate> {
  static override summary = 'Select and create a v1 recording: the referenced, band-pass filtered analysis NWB file and its hash.';
  static override description =
    'Writes {analysis}/{raw stem}/{raw stem}{10 random}.nwb, hashes it (spyglass-nwb, rounding 4), stores the selection, recording and AnalysisNwbfile rows, and logs the creation as a verified attempt for the current environment.';
  static override examples = [
    {
      description: 'Sort group 0 over a named interval',
      command: '<%= config.bin %> v1 recording create --nwb-file oracle_raw.nwb --sort-group 0 --interval "raw data valid times" --json',
    },
    {
      description: 'The same, written as Spyglass 0.5.4 with pynwb 2.8.2 / hdmf 3.14.5 writes it',
      command:
        '<%= config.bin %> v1 recording create --nwb-file oracle_raw.nwb --sort-group 0 --interval "raw data valid times" --writer-profile late-2024',
    },
  ];
  static override flags = {
    'nwb-file': Flags.string({ summary: 'Registered raw file name (nwb_file_name).', required: true }),
    'sort-group': Flags.integer({ summary: 'v1 sort group id.', required: true, min: 0 }),
    interval: Flags.string({ summary: 'IntervalList name to sort over.', required: true }),
    params: Flags.string({ summary: 'v1 preprocessing parameter set.', default: 'default' }),
    team: Flags.string({ summary: 'LabTeam name.', default: 'default' }),
    'writer-profile': Flags.string({
      summary: 'Writer profile: which Spyglass + pynwb/hdmf stack to write the file as.',
      description: V1_WRITER_PROFILES.map((p) => `${p.name}: ${p.description}`).join('\n'),
      options: V1_WRITER_PROFILES.map((p) => p.name),
      default: DEFAULT_V1_WRITER_PROFILE,
    }),
  };

  public async run(): Promise<CreateV1RecordingResult> {
    // Bad names are refused before anything (even a missing data root) is created.
    assertV1NwbFileName(this.flags['nwb-file']);
    const result = await withRecomputeContext(
      this.cliConfig,
      { create: true },
      (m) => this.progress(m),
      (context) =>
        createV1Recording(context.em, context, {
          nwbFileName: this.flags['nwb-file'],
          sortGroupId: this.flags['sort-group'],
          intervalListName: this.flags.interval,
          paramsName: this.flags.params,
          teamName: this.flags.team,
          writerProfile: this.flags['writer-profile'],
        }),
    );
    this.log(`${result.created ? 'created' : 'already existed'}: ${result.recording_id} → ${result.path} (${result.hash})`);
    return result;
  }
}
