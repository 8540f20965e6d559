import type { UpdateSecondaryResult } from '@spyglass-recompute/engine';
import { updateV0Ids, v0RecomputeModule, type UpdateV0IdsResult, type V0Key } from '@spyglass-recompute/v0';
import { BaseCommand } from '../../BaseCommand';
import { withRecomputeContext } from '../../context/withRecomputeContext';
import { ProgressMeter } from '../../output/ProgressMeter';
import { filterFlags, restrictionFromFlags } from '../../pipeline-commands/filterFlags';

export default class V0UpdateIds extends BaseCommand<typeof V0UpdateIds> {
  static override summary = 'Backfill the hash of v0 recording folders made before the recompute upgrade, from the folders on disk.';
  static override description =
    'Missing folders are reported, not fatal. Then, as upstream update_secondary, every attempt row gets created_at from its folder and deleted from whether the folder exists; `secondary` reports what changed.';
  static override examples = [
    { description: 'Every pre-upgrade row', command: '<%= config.bin %> v0 update-ids --json' },
    { description: 'One session', command: '<%= config.bin %> v0 update-ids --nwb-file rat01_.nwb' },
  ];
  static override flags = { ...filterFlags(v0RecomputeModule) };

  public async run(): Promise<UpdateV0IdsResult & { secondary: UpdateSecondaryResult<V0Key> }> {
    const restriction = restrictionFromFlags(v0RecomputeModule, this.flags as Record<string, unknown>);
    const meter = new ProgressMeter('v0 update-ids', { unit: 'recordings', write: (line) => this.progress(line) });
    const result = await withRecomputeContext(this.cliConfig, { require: [this.cliConfig.roots.recording] }, (m) => this.progress(m), async (context) => {
      const ids = await updateV0Ids(context.em, context, { restriction, onProgress: (done, total) => meter.update(done, total) });
      return { ...ids, secondary: await v0RecomputeModule.createEngine(context).updateSecondary(restriction) };
    });
    this.log(`updated ${result.updated.length}, already set ${result.alreadySet}, missing ${result.missing.length}, failed ${result.failed.length}`);
    this.log(`attempt rows: ${result.secondary.checked} checked, ${result.secondary.changed.length} changed (created_at / deleted from the disk)`);
    return result;
  }
}
