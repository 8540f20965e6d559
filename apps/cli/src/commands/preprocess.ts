import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { writePreprocessedNpy, type PreprocessSummary } from '@spyglass-recompute/preprocessing';
import { BaseCommand } from '../BaseCommand';
import { parseIdList, parseIntervals } from '../flags/parseListFlags';

export default class Preprocess extends BaseCommand<typeof Preprocess> {
  static override summary = 'Run the recording pipeline alone (reference + band-pass, spikeinterface 0.99.1 exact) and write .npy traces.';
  static override description =
    'Writes traces_seg{k}.npy (v0: int16, v1: float64; C order, samples × channels) and times_seg{k}.npy into --out-dir. Intervals are used as given (already intersected with the valid times).';
  static override examples = [
    {
      description: 'v1-style traces of electrodes 0–3 referenced to electrode 4 over two seconds',
      command:
        '<%= config.bin %> preprocess raw/oracle_raw.nwb --electrodes 0,1,2,3 --reference 4 --interval 1687429800.5:1687429802.5 --style v1 --out-dir out --json',
    },
  ];
  static override args = { raw: Args.string({ description: 'Raw NWB file with an int16 ElectricalSeries.', required: true }) };
  static override flags = {
    electrodes: Flags.string({ summary: 'Sort-group electrode ids, comma-separated.', required: true }),
    reference: Flags.integer({
      summary: 'Reference electrode id: ≥0 single electrode, -2 global median, -1 none (v1 only).',
      required: true,
    }),
    interval: Flags.string({ summary: 'Sort pieces in seconds: START:END[,START:END...].', required: true }),
    style: Flags.option({
      options: ['v0', 'v1'] as const,
      summary: 'Output style: v0 (int16, 10 s chunks, segments) or v1 (float64, hdmf buffers, concatenated).',
      required: true,
    })(),
    'frequency-min': Flags.integer({ summary: 'Band-pass low cutoff in Hz.', default: 300 }),
    'frequency-max': Flags.integer({ summary: 'Band-pass high cutoff in Hz (must be below Nyquist).', default: 6000 }),
    'margin-ms': Flags.integer({ summary: 'Filter margin in milliseconds (spikeinterface default 5).', default: 5 }),
    'out-dir': Flags.string({ summary: 'Folder for the .npy files (created if missing).', required: true }),
  };

  public async run(): Promise<PreprocessSummary> {
    const outDir = this.userPath(this.flags['out-dir']);
    const summary = await writePreprocessedNpy(
      this.userPath(this.args.raw),
      {
        electrodeIds: parseIdList('--electrodes', this.flags.electrodes),
        referenceId: this.flags.reference,
        intervals: parseIntervals('--interval', this.flags.interval),
        style: this.flags.style,
        frequencyMin: this.flags['frequency-min'],
        frequencyMax: this.flags['frequency-max'],
        marginMs: this.flags['margin-ms'],
      },
      outDir,
    );
    const samples = summary.segments.map((s) => s.samples).join(' + ');
    this.log(
      `fs ${summary.samplingFrequency} Hz, ${summary.segments.length} segment(s), ${samples} samples × ${summary.channelIds.length} channels → ${outDir}`,
    );
    return summary;
  }
}
