import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { addPreprocessingParams, type AddPreprocessingParamsResult, type SpikeSortingPipeline } from '@spyglass-recompute/common';
import { BaseCommand } from '../BaseCommand';
import { withDatabase } from '../context/withDatabase';

/** `recompute {v0|v1} params add NAME --frequency-min HZ --frequency-max HZ [...]`. */
export function paramsAddCommand(pipeline: SpikeSortingPipeline) {
  return class ParamsAdd extends BaseCommand<typeof ParamsAdd> {
    static override summary = `Add a named ${pipeline} preprocessing parameter set (SpikeSortingPreprocessingParameters).`;
    static override examples = [
      {
        description: 'A narrower band',
        command: `<%= config.bin %> ${pipeline} params add narrow --frequency-min 600 --frequency-max 6000`,
      },
    ];
    static override args = { name: Args.string({ description: 'Parameter set name.', required: true }) };
    static override flags = {
      'frequency-min': Flags.integer({ summary: 'Band-pass low cutoff in Hz.', required: true, min: 1 }),
      'frequency-max': Flags.integer({ summary: 'Band-pass high cutoff in Hz (below Nyquist).', required: true, min: 1 }),
      'margin-ms': Flags.integer({ summary: 'Filter margin in ms.', default: 5, min: 0 }),
      seed: Flags.integer({ summary: 'Whitening seed.', default: 0 }),
      'min-segment-length': Flags.string({ summary: 'Drop sort pieces not longer than this many seconds.' }),
    };

    public async run(): Promise<AddPreprocessingParamsResult> {
      const minSegment = this.flags['min-segment-length'];
      const result = await withDatabase(this.cliConfig, { migrate: 'auto' }, (orm) =>
        addPreprocessingParams(orm.em.fork(), pipeline, {
          name: this.args.name,
          frequencyMin: this.flags['frequency-min'],
          frequencyMax: this.flags['frequency-max'],
          marginMs: this.flags['margin-ms'],
          seed: this.flags.seed,
          minSegmentLength: minSegment === undefined ? undefined : Number(minSegment),
        }),
      );
      this.log(`${pipeline} params ${result.name}: ${result.inserted ? 'added' : 'unchanged'}`);
      return result;
    }
  };
}
