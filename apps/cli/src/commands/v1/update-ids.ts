import { Flags } from '@oclif/core';
import type { UpdateSecondaryResult } from '@spyglass-recompute/engine';
import { updateV1Ids, v1RecomputeModule, type UpdateV1IdsResult, type V1RecordingKey } from '@spyglass-recompute/v1';
import { BaseCommand } from '../../BaseCommand';
import { withRecomputeContext } from '../../context/withRecomputeContext';
import { ProgressMeter } from '../../output/ProgressMeter';
import { filterFlags, restrictionFromFlags } from '../../pipeline-commands/filterFlags';

export default class V1UpdateIds extends BaseCommand<typeof V1UpdateIds> {
  static override summary = 'Backfill hash and electrodes_id of v1 recordings made before the recompute upgrade, from the files on disk.';
  static override description =
    'Missing files are reported, not fatal. --rehash-legacy also recomputes hashes stored with another algorithm. ' +
    'Then, as upstream update_secondary, every attempt row gets created_at from its file and deleted from whether the file exists; `secondary` reports what changed.';
  static override examples = [
    { description: 'Every pre-upgrade row', command: '<%= config.bin %> v1 update-ids --json' },
    { description: 'One session, also re-hashing legacy hashes', command: '<%= config.bin %> v1 update-ids --nwb-file rat01_.nwb --rehash-legacy' },
  ];
  static override flags = {
    ...filterFlags(v1RecomputeModule),
    'rehash-legacy': Flags.boolean({ summary: 'Also re-hash rows whose stored hash used another (e.g. legacy) algorithm.', default: false }),
  };

  public async run(): Promise<UpdateV1IdsResult & { secondary: UpdateSecondaryResult<V1RecordingKey> }> {
    const restriction = restrictionFromFlags(v1RecomputeModule, this.flags as Record<string, unknown>);
    const meter = new ProgressMeter('v1 update-ids', { unit: 'recordings', write: (line) => this.progress(line) });
    const result = await withRecomputeContext(this.cliConfig, { require: [this.cliConfig.roots.analysis] }, (m) => this.progress(m), async (context) => {
      const ids = await updateV1Ids(context.em, context, {
        restriction,
        rehashLegacy: this.flags['rehash-legacy'],
        onProgress: (done, total) => meter.update(done, total),
      });
      return { ...ids, secondary: await v1RecomputeModule.createEngine(context).updateSecondary(restriction) };
    });
    this.log(`updated ${result.updated.length}, unchanged ${result.unchanged}, missing files ${result.missingFiles.length}, failed ${result.failed.length}`);
    for (const missing of result.missingFiles) this.log(`  missing: ${missing.recording_id} ${missing.path}`);
    for (const failure of result.failed) this.log(`  failed: ${failure.recording_id}: ${failure.message}`);
    this.log(`attempt rows: ${result.secondary.checked} checked, ${result.secondary.changed.length} changed (created_at / deleted from the disk)`);
    return result;
  }
}
