import { Flags } from '@oclif/core';
import { updateV1Ids, v1RecomputeModule, type UpdateV1IdsResult } from '@spyglass-recompute/v1';
import { BaseCommand } from '../../BaseCommand';
import { withRecomputeContext } from '../../context/withRecomputeContext';
import { ProgressMeter } from '../../output/ProgressMeter';
import { filterFlags, restrictionFromFlags } from '../../pipeline-commands/filterFlags';

export default class V1UpdateIds extends BaseCommand<typeof V1UpdateIds> {
  static override summary = 'Backfill hash and electrodes_id of v1 recordings made before the recompute upgrade, from the files on disk.';
  static override description = 'Missing files are reported, not fatal. --rehash-legacy also recomputes hashes stored with another algorithm.';
  static override examples = [{ description: 'Every pre-upgrade row', command: '<%= config.bin %> v1 update-ids --json' }];
  static override flags = {
    ...filterFlags(v1RecomputeModule),
    'rehash-legacy': Flags.boolean({ summary: 'Also re-hash rows whose stored hash used another (e.g. legacy) algorithm.', default: false }),
  };

  public async run(): Promise<UpdateV1IdsResult> {
    const meter = new ProgressMeter('v1 update-ids', { unit: 'recordings', write: (line) => this.progress(line) });
    const result = await withRecomputeContext(this.cliConfig, { require: [this.cliConfig.roots.analysis] }, (m) => this.progress(m), (context) =>
      updateV1Ids(context.em, context, {
        restriction: restrictionFromFlags(v1RecomputeModule, this.flags as Record<string, unknown>),
        rehashLegacy: this.flags['rehash-legacy'],
        onProgress: (done, total) => meter.update(done, total),
      }),
    );
    this.log(`updated ${result.updated.length}, unchanged ${result.unchanged}, missing files ${result.missingFiles.length}, failed ${result.failed.length}`);
    for (const missing of result.missingFiles) this.log(`  missing: ${missing.recording_id} ${missing.path}`);
    for (const failure of result.failed) this.log(`  failed: ${failure.recording_id}: ${failure.message}`);
    return result;
  }
}
